import { coordinatesBassin, hasRole, type Principal, Role } from '#concerto/auth';
import type { AccessVerdict } from '#concerto/persistence';
import type { Case } from '../domain/case.aggregate.js';
import { INTER_BASSIN } from '../domain/case.types.js';

/**
 * Who acts on a case as its coordinator: the coordinators and lead of the bassin that holds it;
 * for an inter-bassin case (reference bassin `inter-bassin`, R16), also the lead of every bassin.
 */
export function coordinatesCase(principal: Principal, c: Case): boolean {
  const s = c.snapshot;
  return (
    coordinatesBassin(principal, s.bassinId) ||
    (s.referenceBassin === INTER_BASSIN && hasRole(principal, Role.bassinLead) && principal.bassins.length > 0)
  );
}

/** A coordinator's act: a reporter is told 403, anyone else that the case does not exist. */
export function coordinatorOfCase(principal: Principal): (c: Case) => AccessVerdict<'coordinator'> {
  return (c) => {
    const access = c.accessOf(principal.userId, coordinatesCase(principal, c));
    return access === 'coordinator' ? { granted: access } : { denied: access === 'member' ? 'forbidden' : 'not-found' };
  };
}
