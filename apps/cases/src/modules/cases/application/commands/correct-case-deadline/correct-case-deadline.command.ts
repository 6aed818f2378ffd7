import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { DeadlineKind } from '#concerto/contracts';
import type { DeadlineView } from '../../deadlines/deadline-rules.js';

/** A coordinator of the case's bassin puts the right date (and kind); the old date stays in the timeline. */
export class CorrectCaseDeadlineCommand extends Command<DeadlineView> {
  constructor(
    readonly caseId: string,
    readonly deadlineId: string,
    readonly principal: Principal,
    readonly dueAt: string,
    readonly kind?: DeadlineKind,
  ) {
    super();
  }
}
