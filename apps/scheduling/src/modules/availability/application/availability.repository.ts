import type { BusyInterval } from '../../slots/domain/slot-search.types.js';
import type { WeeklyHours } from '../../slots/domain/weekly-hours.value-object.js';

export type BusySource = 'api' | 'ical';

/** A Belgian street address, as written on an envelope: "Rue Haute 12, 1000 Bruxelles". */
export interface RoomAddress {
  street: string;
  number: string;
  postalCode: string;
  municipality: string;
}

export interface RoomView {
  id: string;
  bassinId: string;
  name: string;
  capacity: number;
  /** Reachable without steps (wheelchair, walker). */
  stepFree: boolean;
  /** A lift to the room's floor. */
  lift: boolean;
  /** Parking spaces for disabled persons at the building. */
  disabledParking: boolean;
  /** Absent for a room added before rooms had one. */
  address?: RoomAddress;
}

/** The address on one line, the way the pages, the e-mail and the calendar entry write it. */
export function addressLine(a: RoomAddress): string {
  return `${a.street} ${a.number}, ${a.postalCode} ${a.municipality}`;
}

/**
 * Port: professionals' weekly hours and busy blocks, and the bassins' meeting rooms (declared
 * here, not in a domain folder, because its types are the slots context's). Writes join the ambient transaction.
 */
export abstract class AvailabilityRepository {
  abstract setWeeklyHours(ownerId: string, hours: WeeklyHours, at: Date): Promise<void>;
  /**
   * Busy blocks are versions of a calendar (one per owner and source): a replacement stages its rows
   * under a new version (`stageBusy`, in as many short transactions as needed), then `switchBusy`
   * makes it the version readers see. Readers never see staged or superseded rows.
   */
  abstract stageBusy(
    ownerId: string,
    source: BusySource,
    version: string,
    blocks: BusyInterval[],
    at: Date,
  ): Promise<void>;
  /**
   * Makes `version` the owner's calendar for `source` if all its `count` staged rows are there (false
   * when a concurrent writer deleted some: nothing changes then). Must run in a transaction.
   */
  abstract switchBusy(ownerId: string, source: BusySource, version: string, count: number, at: Date): Promise<boolean>;
  /** Deletes at most `limit` rows of the owner's versions that readers do not see (superseded or interrupted); returns how many. */
  abstract deleteStaleBusy(ownerId: string, source: BusySource, limit: number): Promise<number>;
  abstract weeklyHoursOf(ownerIds: string[]): Promise<Map<string, WeeklyHours>>;
  abstract busyOf(ownerIds: string[], from: Date, to: Date): Promise<Map<string, BusyInterval[]>>;
  abstract addRoom(room: RoomView): Promise<void>;
  abstract rooms(bassinId: string): Promise<RoomView[]>;
}
