import { hasRole, type Principal, Role } from '#concerto/auth';
import { AppException } from '#concerto/ddd';
import { type CalendarOwners } from './calendar-owners.js';

/**
 * A calendar is written by its owner, by an administrator, or by a coordinator (or lead) of a
 * bassin where the owner sits on a case's care team. An id that names nobody is 404, so no
 * calendar is created for a made-up owner.
 */
export async function requireCalendarRights(
  ownerId: string,
  principal: Principal,
  owners: CalendarOwners,
): Promise<void> {
  const owner = await owners.find(ownerId);
  if (!owner) {
    throw new AppException('CALENDAR_OWNER_NOT_FOUND', 'not-found', 'No professional or participant has this id.');
  }
  if (principal.userId === ownerId || hasRole(principal, Role.admin)) {
    return;
  }
  if (
    hasRole(principal, Role.coordinator, Role.bassinLead) &&
    owner.caseBassins.some((b) => principal.bassins.includes(b))
  ) {
    return;
  }
  throw new AppException(
    'FORBIDDEN',
    'forbidden',
    'Only the owner, an administrator or a coordinator of a bassin where the owner is on a care team may change this calendar.',
  );
}
