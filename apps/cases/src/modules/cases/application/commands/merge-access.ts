import type { Principal } from '#concerto/auth';
import { AppException } from '#concerto/ddd';
import type { AccessCheck } from '#concerto/persistence';
import type { Case } from '../../domain/case.aggregate.js';
import type { CaseRepository } from '../../domain/case.repository.js';
import { coordinatesCase } from '../case-access.js';

/**
 * Merging, splitting and verifying a person are for the coordinators of the case's bassin only (and,
 * for an inter-bassin case, every bassin's lead: R16): a
 * member (a reporter) is told it is forbidden, anyone else that the case does not exist.
 */
export function coordinatorOnly(
  cases: CaseRepository,
  caseId: string,
  principal: Principal,
  purpose: string,
): AccessCheck<Case, 'coordinator'> {
  return {
    actorId: principal.userId,
    subjectType: 'case',
    subjectId: caseId,
    purpose,
    action: 'update',
    load: () => cases.findForUpdate(caseId),
    decide: (c) => {
      const access = c.accessOf(principal.userId, coordinatesCase(principal, c));
      return access === 'coordinator'
        ? { granted: 'coordinator' }
        : { denied: access === 'member' ? 'forbidden' : 'not-found' };
    },
    notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
    forbidden: { code: 'CASE_COORDINATORS_ONLY', message: "Only a coordinator of the case's bassin can do this." },
  };
}

/** The other case of a merge must be in a bassin the caller coordinates too; else it does not exist for them. */
export async function otherCaseFor(cases: CaseRepository, caseId: string, principal: Principal): Promise<Case> {
  const other = await cases.findForUpdate(caseId);
  if (!other || !coordinatesCase(principal, other)) {
    throw new AppException('CASE_NOT_FOUND', 'not-found', 'No such case.');
  }
  return other;
}
