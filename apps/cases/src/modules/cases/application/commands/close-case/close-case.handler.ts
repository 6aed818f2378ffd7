import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { AuditedAccess } from '#concerto/persistence';
import { ActionItemsView } from '../../../domain/action-items-view.js';
import { CaseRepository } from '../../../domain/case.repository.js';
import { coordinatorOfCase } from '../../case-access.js';
import { CaseChanges } from '../../case-changes.js';
import { lifecycleView } from '../../case-lifecycle-view.js';
import { CloseCaseCommand, type CaseLifecycleView } from './close-case.command.js';

@CommandHandler(CloseCaseCommand)
export class CloseCaseHandler implements ICommandHandler<CloseCaseCommand> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly actionItems: ActionItemsView,
    private readonly changes: CaseChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, principal, outcome, reason, openItemsOverride }: CloseCaseCommand): Promise<CaseLifecycleView> {
    const now = this.clock.now();
    return this.access.check(
      {
        actorId: principal.userId,
        subjectType: 'case',
        subjectId: caseId,
        purpose: 'close-case',
        action: 'update',
        load: () => this.cases.findForUpdate(caseId),
        decide: coordinatorOfCase(principal),
        notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
        forbidden: { code: 'CLOSE_FORBIDDEN', message: "Only a coordinator of the case's bassin can close it." },
      },
      async ({ subject: c }) => {
        const count = await this.actionItems.openCount(caseId);
        c.close(principal.userId, outcome, reason, now, { count, override: openItemsOverride });
        await this.changes.save(c, principal.userId);
        return lifecycleView(c);
      },
    );
  }
}
