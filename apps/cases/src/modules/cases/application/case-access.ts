import { coordinatesBassin, type Principal } from '#concerto/auth';
import type { Case } from '../domain/case.aggregate.js';

export type CaseAccess = 'coordinator' | 'member' | 'none';

/**
 * Who may see a case: the bassin's coordinators and lead see everything; members (reporters)
 * see its status and owner; everyone else is told it does not exist.
 */
export function accessTo(c: Case, principal: Principal): CaseAccess {
  if (coordinatesBassin(principal, c.snapshot.bassinId)) {
    return 'coordinator';
  }
  return c.isMember(principal.userId) ? 'member' : 'none';
}
