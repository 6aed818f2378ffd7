import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

import type { ActionItemView } from '../../record.view.js';

/** The referent (or a coordinator) confirms the person was received by the service: the referral is over (warm handover, R10). */
export class ConfirmReferralReceivedCommand extends Command<ActionItemView> {
  constructor(
    readonly itemId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
