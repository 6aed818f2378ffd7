import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { CoordinatorDeadlineEdit } from '../../deadlines/coordinator-deadline-edit.js';
import { requireDateInRange } from '../../deadlines/deadline-rules.js';
import { CorrectCaseDeadlineCommand } from './correct-case-deadline.command.js';

@CommandHandler(CorrectCaseDeadlineCommand)
export class CorrectCaseDeadlineHandler implements ICommandHandler<CorrectCaseDeadlineCommand> {
  constructor(
    private readonly edit: CoordinatorDeadlineEdit,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, deadlineId, principal, dueAt, kind }: CorrectCaseDeadlineCommand) {
    const now = this.clock.now();
    const date = new Date(dueAt);
    requireDateInRange(date, now, 'dueAt');
    return this.edit.apply(
      { caseId, deadlineId, principal, purpose: 'correct-case-deadline', verb: 'corrects' },
      (deadline) => deadline.correct(date, kind, principal.userId, now),
    );
  }
}
