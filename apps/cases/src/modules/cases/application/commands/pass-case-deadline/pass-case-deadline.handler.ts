import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { CaseRepository } from '../../../domain/case.repository.js';
import { CaseDeadlineRepository } from '../../../domain/deadlines/case-deadline.repository.js';
import { DeadlineChanges } from '../../deadlines/deadline-changes.js';
import { PassCaseDeadlineCommand } from './pass-case-deadline.command.js';

/** Runs in the firing timer's transaction. A stale timer (corrected, dismissed) changes nothing. */
@CommandHandler(PassCaseDeadlineCommand)
export class PassCaseDeadlineHandler implements ICommandHandler<PassCaseDeadlineCommand> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly deadlines: CaseDeadlineRepository,
    private readonly changes: DeadlineChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, deadlineId }: PassCaseDeadlineCommand): Promise<void> {
    const [c, deadline] = [await this.cases.find(caseId), await this.deadlines.findForUpdate(caseId, deadlineId)];
    if (!c || !deadline) {
      return;
    }
    if (deadline.pass(this.clock.now(), 'system')) {
      await this.changes.save(deadline, c.snapshot.ownerId);
    }
  }
}
