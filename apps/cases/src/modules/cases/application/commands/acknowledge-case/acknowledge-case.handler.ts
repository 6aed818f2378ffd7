import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { accessTo } from '../../case-access.js';
import { CaseStore } from '../../case-store.js';
import { AcknowledgeCaseCommand } from './acknowledge-case.command.js';

@CommandHandler(AcknowledgeCaseCommand)
export class AcknowledgeCaseHandler implements ICommandHandler<AcknowledgeCaseCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: CaseStore,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal }: AcknowledgeCaseCommand) {
    const now = this.clock.now();
    const outcome = await this.uow.run(async (scope) => {
      const c = await this.store.load(scope, caseId);
      const access = c ? accessTo(c, principal) : 'none';
      await this.audit.record(scope.manager, {
        actorId: principal.userId,
        action: access === 'coordinator' ? 'update' : 'denied',
        subjectType: 'case',
        subjectId: caseId,
        purpose: 'acknowledge-case',
        outcome: access === 'coordinator' ? 'allowed' : 'denied',
        correlationId: currentCorrelationId(),
        at: now,
      });
      if (!c || access === 'none') {
        return { denied: 'not-found' as const };
      }
      if (access !== 'coordinator') {
        return { denied: 'forbidden' as const };
      }
      c.acknowledge(principal.userId, now);
      await this.store.save(scope, c, principal.userId);
      const s = c.snapshot;
      return { result: { caseId, status: s.status, ownerId: s.ownerId, acknowledgedAt: (s.acknowledgedAt ?? now).toISOString() } };
    });
    // Denials are committed (audited) before they are raised.
    if ('denied' in outcome) {
      throw outcome.denied === 'not-found'
        ? new AppException('CASE_NOT_FOUND', 'not-found', 'No such case.')
        : new AppException('ACKNOWLEDGE_FORBIDDEN', 'forbidden', "Only a coordinator of the case's bassin can acknowledge it.");
    }
    return outcome.result;
  }
}
