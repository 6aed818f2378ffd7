/** One line of a case's history, as its coordinators and (filtered) its reporters read it. */
export interface TimelineEntry {
  caseId: string;
  at: Date;
  /** The domain event's name, e.g. `case.escalated`. */
  kind: string;
  actorId: string;
  details: Record<string, unknown>;
}

/** Port: the case's timeline, appended in the ambient transaction of the change it records. */
export abstract class CaseTimelineRepository {
  abstract append(entry: TimelineEntry): Promise<void>;
  /** Oldest first. */
  abstract entriesOf(caseId: string): Promise<TimelineEntry[]>;
}
