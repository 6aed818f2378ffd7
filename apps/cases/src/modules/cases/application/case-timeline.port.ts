export interface TimelineEntry {
  caseId: string;
  at: Date;
  kind: string;
  actorId: string;
  details: Record<string, unknown>;
}

/** Port: the case's timeline, appended in the caller's transaction (`tx` is the adapter's handle), oldest first. */
export abstract class CaseTimeline {
  abstract append(tx: unknown, entry: TimelineEntry): Promise<void>;
  abstract list(tx: unknown, caseId: string): Promise<TimelineEntry[]>;
}
