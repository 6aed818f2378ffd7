import type { BusyInterval } from '../../slots/domain/slot-search.types.js';
import type { WeeklyHours } from '../../slots/domain/weekly-hours.value-object.js';

export interface RoomView {
  id: string;
  bassinId: string;
  name: string;
  capacity: number;
  stepFree: boolean;
}

/**
 * Port: professionals' weekly hours and busy blocks, and the bassins' meeting rooms (declared
 * here, not in a domain folder, because its types are the slots context's). Writes join the ambient transaction.
 */
export abstract class AvailabilityRepository {
  abstract setWeeklyHours(ownerId: string, hours: WeeklyHours, at: Date): Promise<void>;
  /** Replaces the owner's blocks from one source (an import replaces the previous import). */
  abstract replaceBusy(ownerId: string, source: 'api' | 'ical', blocks: BusyInterval[], at: Date): Promise<void>;
  abstract weeklyHoursOf(ownerIds: string[]): Promise<Map<string, WeeklyHours>>;
  abstract busyOf(ownerIds: string[], from: Date, to: Date): Promise<Map<string, BusyInterval[]>>;
  abstract addRoom(room: RoomView): Promise<void>;
  abstract rooms(bassinId: string): Promise<RoomView[]>;
}
