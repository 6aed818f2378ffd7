import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { AuditedAccess } from '#concerto/persistence';
import { ACKNOWLEDGEMENT_POLICY } from '../../../../../cases.tokens.js';
import { CaseRepository } from '../../../domain/case.repository.js';
import type { AcknowledgementPolicy } from '../../../domain/case.types.js';
import { coordinatorOfCase } from '../../case-access.js';
import { CaseChanges } from '../../case-changes.js';
import { lifecycleView } from '../../case-lifecycle-view.js';
import type { CaseLifecycleView } from '../close-case/close-case.command.js';
import { ReopenCaseCommand } from './reopen-case.command.js';

@CommandHandler(ReopenCaseCommand)
export class ReopenCaseHandler implements ICommandHandler<ReopenCaseCommand> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly changes: CaseChanges,
    @Inject(ACKNOWLEDGEMENT_POLICY) private readonly policy: AcknowledgementPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, principal, reason }: ReopenCaseCommand): Promise<CaseLifecycleView> {
    const now = this.clock.now();
    return this.access.check(
      {
        actorId: principal.userId,
        subjectType: 'case',
        subjectId: caseId,
        purpose: 'reopen-case',
        action: 'update',
        load: () => this.cases.findForUpdate(caseId),
        decide: coordinatorOfCase(principal),
        notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
        forbidden: { code: 'REOPEN_FORBIDDEN', message: "Only a coordinator of the case's bassin can reopen it." },
      },
      async ({ subject: c }) => {
        const following = await this.cases.followingCaseOf(caseId);
        if (following) {
          // One open case per person: the newer case carries the situation on.
          throw new AppException('CASE_FOLLOWED', 'conflict', 'A newer case about this person follows this one.', {
            followingCaseId: following,
          });
        }
        c.reopen(principal.userId, reason, now, this.policy);
        await this.changes.save(c, principal.userId);
        return lifecycleView(c);
      },
    );
  }
}
