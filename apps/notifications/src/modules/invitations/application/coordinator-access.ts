import { Injectable } from '@nestjs/common';
import { coordinatesBassin, type Principal } from '#concerto/auth';
import { AuditedAccess } from '#concerto/persistence';
import { CaseBassinRepository } from '../domain/invitation-view.js';

/**
 * Only the coordinators of a case's bassin see its coordinator tasks, and every read is audited
 * (letters hold names and addresses). Anyone else is told there is no such case.
 */
@Injectable()
export class CoordinatorAccess {
  constructor(
    private readonly cases: CaseBassinRepository,
    private readonly access: AuditedAccess,
  ) {}

  async require(caseId: string, principal: Principal, purpose: string): Promise<void> {
    await this.access.check({
      actorId: principal.userId,
      subjectType: 'case',
      subjectId: caseId,
      purpose,
      action: 'read',
      load: () => this.cases.bassinOf(caseId),
      decide: (bassinId) => (coordinatesBassin(principal, bassinId) ? { granted: true } : { denied: 'not-found' }),
      notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
    });
  }

  /** The same rule for a change (audited as an update with its purpose), run in the check's transaction. */
  async write<R>(caseId: string, principal: Principal, purpose: string, use: () => Promise<R>): Promise<R> {
    return this.access.check(
      {
        actorId: principal.userId,
        subjectType: 'case',
        subjectId: caseId,
        purpose,
        action: 'update',
        load: () => this.cases.bassinOf(caseId),
        decide: (bassinId) => (coordinatesBassin(principal, bassinId) ? { granted: true } : { denied: 'not-found' }),
        notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
      },
      use,
    );
  }
}
