import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { AuditedAccess } from '#concerto/persistence';
import { CaseRepository } from '../../../domain/case.repository.js';
import { CaseDeadline } from '../../../domain/deadlines/case-deadline.js';
import { DeadlineChanges } from '../../deadlines/deadline-changes.js';
import { deadlineView, requireDateInRange, requireEntitled } from '../../deadlines/deadline-rules.js';
import { SetCaseDeadlineCommand } from './set-case-deadline.command.js';
import { coordinatesCase } from '../../case-access.js';

@CommandHandler(SetCaseDeadlineCommand)
export class SetCaseDeadlineHandler implements ICommandHandler<SetCaseDeadlineCommand> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly changes: DeadlineChanges,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal, kind, dueAt }: SetCaseDeadlineCommand) {
    const now = this.clock.now();
    const date = new Date(dueAt);
    requireDateInRange(date, now, 'dueAt');
    await requireEntitled(this.directory, principal.userId, kind, 'kind');
    return this.access.check(
      {
        actorId: principal.userId,
        subjectType: 'case',
        subjectId: caseId,
        purpose: 'set-case-deadline',
        action: 'update',
        load: () => this.cases.findForUpdate(caseId),
        decide: (c) =>
          c.accessOf(principal.userId, coordinatesCase(principal, c)) === 'none'
            ? { denied: 'not-found' }
            : { granted: true },
        notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
      },
      async ({ subject: c }) => {
        const deadline = CaseDeadline.set(
          { id: randomUUID(), caseId, kind, dueAt: date, source: { kind: 'user', actorId: principal.userId } },
          now,
        );
        await this.changes.save(deadline, c.snapshot.ownerId);
        return deadlineView(deadline);
      },
    );
  }
}
