/** What scheduling knows of a case, kept from the cases service's events. */
export interface CaseView {
  caseId: string;
  bassinId: string;
  personRef: string;
  /** The earliest future active deadline of the case, at the time of reading: a passed one never bounds a meeting. */
  deadline?: Date;
  ownerId: string;
}

/** Port: scheduling's view of cases (writes join the consumer's transaction). */
export abstract class CaseViewProjection {
  abstract find(caseId: string): Promise<CaseView | undefined>;
  /** One dated deadline of the case (the cases service's, as its events told it), active or dismissed. */
  abstract deadline(caseId: string, deadlineId: string): Promise<{ dueAt: Date; active: boolean } | undefined>;
  /** Safe to apply twice: an opened case is recorded once. */
  abstract caseOpened(view: CaseView & { openedAt: Date }): Promise<void>;
  /** A deadline set or corrected (same id: the new date replaces the old one). */
  abstract deadlineSet(caseId: string, deadlineId: string, dueAt: Date): Promise<void>;
  abstract deadlineDismissed(caseId: string, deadlineId: string): Promise<void>;
  abstract ownerChanged(caseId: string, ownerId: string): Promise<void>;
  /** The case moved to another bassin (same id, same history) and has a new owner there. */
  abstract caseTransferred(caseId: string, bassinId: string, ownerId: string): Promise<void>;
}
