import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { CoordinatorDeadlineEdit } from '../../deadlines/coordinator-deadline-edit.js';
import { DismissCaseDeadlineCommand } from './dismiss-case-deadline.command.js';

@CommandHandler(DismissCaseDeadlineCommand)
export class DismissCaseDeadlineHandler implements ICommandHandler<DismissCaseDeadlineCommand> {
  constructor(
    private readonly edit: CoordinatorDeadlineEdit,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, deadlineId, principal }: DismissCaseDeadlineCommand) {
    const now = this.clock.now();
    return this.edit.apply(
      { caseId, deadlineId, principal, purpose: 'dismiss-case-deadline', verb: 'dismisses' },
      (deadline) => deadline.dismiss(principal.userId, now),
    );
  }
}
