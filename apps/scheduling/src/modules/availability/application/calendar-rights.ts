import { hasRole, type Principal, Role } from '#concerto/auth';
import { AppException } from '#concerto/ddd';

/** A professional manages their own calendar; coordinators may enter it for them. */
export function requireCalendarRights(ownerId: string, principal: Principal): void {
  if (principal.userId !== ownerId && !hasRole(principal, Role.coordinator, Role.bassinLead)) {
    throw new AppException('FORBIDDEN', 'forbidden', 'Only the professionals themselves or a coordinator may change a calendar.');
  }
}
