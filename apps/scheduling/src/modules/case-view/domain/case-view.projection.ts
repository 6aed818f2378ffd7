/** What scheduling knows of a case, kept from the cases service's events. */
export interface CaseView {
  caseId: string;
  bassinId: string;
  personRef: string;
  deadline?: Date;
  ownerId: string;
}

/** Port: scheduling's view of cases (writes join the consumer's transaction). */
export abstract class CaseViewProjection {
  abstract find(caseId: string): Promise<CaseView | undefined>;
  /** Safe to apply twice: an opened case is recorded once. */
  abstract caseOpened(view: CaseView & { openedAt: Date }): Promise<void>;
  /** Only an earlier deadline (or a first one) replaces the recorded one. */
  abstract deadlineBrought(caseId: string, deadline: Date): Promise<void>;
  abstract ownerChanged(caseId: string, ownerId: string): Promise<void>;
}
