import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

import type { ActionItemView } from '../../record.view.js';

/** The owner (or a coordinator) marks an item done; a referral then waits for the referent to confirm the person was received. */
export class MarkActionItemDoneCommand extends Command<ActionItemView> {
  constructor(
    readonly itemId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
