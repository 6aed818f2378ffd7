import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { AuditedAccess } from '#concerto/persistence';
import { CaseRepository } from '../../../domain/case.repository.js';
import { CaseChanges } from '../../case-changes.js';
import { AcknowledgeCaseCommand, type CaseAcknowledgedView } from './acknowledge-case.command.js';
import { coordinatesCase } from '../../case-access.js';

@CommandHandler(AcknowledgeCaseCommand)
export class AcknowledgeCaseHandler implements ICommandHandler<AcknowledgeCaseCommand> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly changes: CaseChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, principal, signalIds }: AcknowledgeCaseCommand): Promise<CaseAcknowledgedView> {
    const now = this.clock.now();
    return this.access.check(
      {
        actorId: principal.userId,
        subjectType: 'case',
        subjectId: caseId,
        purpose: 'acknowledge-case',
        action: 'update',
        load: () => this.cases.findForUpdate(caseId),
        decide: (c) => {
          const access = c.accessOf(principal.userId, coordinatesCase(principal, c));
          return access === 'coordinator'
            ? { granted: access }
            : { denied: access === 'member' ? 'forbidden' : 'not-found' };
        },
        notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
        forbidden: {
          code: 'ACKNOWLEDGE_FORBIDDEN',
          message: "Only a coordinator of the case's bassin can acknowledge it.",
        },
      },
      async ({ subject: c }) => {
        const acknowledged = c.acknowledge(principal.userId, now, signalIds);
        await this.changes.save(c, principal.userId);
        const s = c.snapshot;
        return {
          caseId,
          status: s.status,
          ownerId: s.ownerId,
          acknowledgedAt: now.toISOString(),
          acknowledged: acknowledged.map((g) => ({
            signalId: g.signalId,
            type: g.type,
            urgency: g.urgency,
            receivedAt: g.receivedAt.toISOString(),
          })),
          pendingSignals: c.pendingSignals.length,
        };
      },
    );
  }
}
