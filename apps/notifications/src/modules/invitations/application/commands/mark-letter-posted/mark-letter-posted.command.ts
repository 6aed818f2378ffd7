import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { CoordinatorTaskView } from '../../queries/list-coordinator-tasks/list-coordinator-tasks.query.js';

/** A coordinator posted the letter of a post-letter task. */
export class MarkLetterPostedCommand extends Command<CoordinatorTaskView> {
  constructor(
    readonly caseId: string,
    readonly taskId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
