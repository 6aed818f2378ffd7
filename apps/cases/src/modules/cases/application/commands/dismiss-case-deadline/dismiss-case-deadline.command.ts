import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { DeadlineView } from '../../deadlines/deadline-rules.js';

/** A coordinator of the case's bassin sets a deadline aside: it no longer steers anything. */
export class DismissCaseDeadlineCommand extends Command<DeadlineView> {
  constructor(
    readonly caseId: string,
    readonly deadlineId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
