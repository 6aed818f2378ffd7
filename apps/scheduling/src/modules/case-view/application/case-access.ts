import { Injectable } from '@nestjs/common';
import { coordinatesBassin, type Principal } from '#concerto/auth';
import { AuditedAccess } from '#concerto/persistence';
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
    private readonly access: AuditedAccess,
  ) {}

  find(caseId: string): Promise<CaseView | undefined> {
    return this.cases.find(caseId);
  }

  async requireCoordinator(
    caseId: string,
    principal: Principal,
    purpose: string,
    action: 'read' | 'update' | 'create' = 'update',
  ): Promise<CaseView> {
    const { subject } = await this.access.check({
      actorId: principal.userId,
      subjectType: 'case',
      subjectId: caseId,
      purpose,
      action,
      load: () => this.find(caseId),
      decide: (view) => (coordinatesBassin(principal, view.bassinId) ? { granted: true } : { denied: 'not-found' }),
      notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
    });
    return subject;
  }
}
