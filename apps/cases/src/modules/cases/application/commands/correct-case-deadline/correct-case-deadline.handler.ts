import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { coordinatesBassin } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { AuditedAccess } from '#concerto/persistence';
import { CaseRepository } from '../../../domain/case.repository.js';
import { CaseDeadlineRepository } from '../../../domain/deadlines/case-deadline.repository.js';
import { DeadlineChanges } from '../../deadlines/deadline-changes.js';
import { coordinatorOnly, deadlineView, requireDateInRange } from '../../deadlines/deadline-rules.js';
import { CorrectCaseDeadlineCommand } from './correct-case-deadline.command.js';

@CommandHandler(CorrectCaseDeadlineCommand)
export class CorrectCaseDeadlineHandler implements ICommandHandler<CorrectCaseDeadlineCommand> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly deadlines: CaseDeadlineRepository,
    private readonly changes: DeadlineChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, deadlineId, principal, dueAt, kind }: CorrectCaseDeadlineCommand) {
    const now = this.clock.now();
    const date = new Date(dueAt);
    requireDateInRange(date, now, 'dueAt');
    return this.access.check(
      {
        actorId: principal.userId,
        subjectType: 'case',
        subjectId: caseId,
        purpose: 'correct-case-deadline',
        action: 'update',
        load: () => this.cases.findForUpdate(caseId),
        decide: coordinatorOnly(principal, (b) => coordinatesBassin(principal, b)),
        notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
        forbidden: {
          code: 'DEADLINE_FORBIDDEN',
          message: "Only a coordinator of the case's bassin corrects its deadlines.",
        },
      },
      async ({ subject: c }) => {
        const deadline = await this.deadlines.findForUpdate(caseId, deadlineId);
        if (!deadline) {
          throw new AppException('DEADLINE_NOT_FOUND', 'not-found', 'No such deadline on this case.');
        }
        deadline.correct(date, kind, principal.userId, now);
        await this.changes.save(deadline, c.snapshot.ownerId);
        return deadlineView(deadline);
      },
    );
  }
}
