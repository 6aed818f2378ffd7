/** Whose calendar an id names: a professional of the directory or a participant of a case. */
export interface CalendarOwner {
  /** Bassins of the cases whose care team the owner sits on (their coordinators may enter the calendar). */
  caseBassins: string[];
}

/** Port: looks calendar owners up (the directory and the care teams). */
export abstract class CalendarOwners {
  /** Undefined when the id is neither a professional of the directory nor a participant of a case. */
  abstract find(ownerId: string): Promise<CalendarOwner | undefined>;
}
