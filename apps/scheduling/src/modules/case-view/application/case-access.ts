import { Inject, Injectable } from '@nestjs/common';
import { coordinatesBassin, type Principal } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { type CaseView, CaseViewProjection } from '../domain/case-view.projection.js';

export type { CaseView };

/**
 * Concertations are organised by the bassin's coordinators. Every access is audited; anyone
 * else is told the case does not exist.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly cases: CaseViewProjection,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  find(caseId: string): Promise<CaseView | undefined> {
    return this.cases.find(caseId);
  }

  async requireCoordinator(caseId: string, principal: Principal, purpose: string, action: 'read' | 'update' | 'create' = 'update'): Promise<CaseView> {
    const view = await this.find(caseId);
    const allowed = !!view && coordinatesBassin(principal, view.bassinId);
    await this.audit.record({
      actorId: principal.userId,
      action: allowed ? action : 'denied',
      subjectType: 'case',
      subjectId: caseId,
      purpose,
      outcome: allowed ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (!view || !allowed) {
      throw new AppException('CASE_NOT_FOUND', 'not-found', 'No such case.');
    }
    return view;
  }
}
