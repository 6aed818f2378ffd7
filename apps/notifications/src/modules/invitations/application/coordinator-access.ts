import { Inject, Injectable } from '@nestjs/common';
import { coordinatesBassin, type Principal } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { CaseBassinRepository } from '../domain/invitation-view.js';

/**
 * Only the coordinators of a case's bassin see its coordinator tasks, and every read is audited
 * (letters hold names and addresses). Anyone else is told there is no such case.
 */
@Injectable()
export class CoordinatorAccess {
  constructor(
    private readonly cases: CaseBassinRepository,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async require(caseId: string, principal: Principal, purpose: string): Promise<void> {
    const bassinId = await this.cases.bassinOf(caseId);
    const allowed = bassinId !== undefined && coordinatesBassin(principal, bassinId);
    await this.audit.record({
      actorId: principal.userId,
      action: allowed ? 'read' : 'denied',
      subjectType: 'case',
      subjectId: caseId,
      purpose,
      outcome: allowed ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (!allowed) {
      throw new AppException('CASE_NOT_FOUND', 'not-found', 'No such case.');
    }
  }
}
