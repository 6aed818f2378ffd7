import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { CallOutcome } from '../../../domain/coordinator-task.js';
import type { CoordinatorTaskView } from '../../queries/list-coordinator-tasks/list-coordinator-tasks.query.js';

/** A coordinator called an invitee for a phone-call task: what came of it. */
export class RecordCallOutcomeCommand extends Command<CoordinatorTaskView> {
  constructor(
    readonly caseId: string,
    readonly taskId: string,
    readonly outcome: CallOutcome,
    readonly principal: Principal,
  ) {
    super();
  }
}
