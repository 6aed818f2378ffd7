import type { BassinId } from '#concerto/contracts';

/** The intake's view of a person's open case: enough to join an alert to it and answer the reporter. */
export interface OpenCase {
  caseId: string;
  status: string;
  ownerId: string;
  bassinId: BassinId;
}

/** Port: one open case per person, written by the intake and kept current from the cases service's events. */
export abstract class CaseIndexRepository {
  /**
   * Locks the person's open case until the transaction ends, so that two alerts do not open two
   * cases. A case merged into another answers with the survivor.
   */ abstract findOpenForUpdate(personRef: string): Promise<OpenCase | undefined>;
  abstract open(entry: {
    caseId: string;
    personRef: string;
    bassinId: BassinId;
    ownerId: string;
    openedAt: Date;
  }): Promise<void>;
  abstract caseOpened(caseId: string, ownerId: string, bassinId: string): Promise<void>;
  abstract caseAcknowledged(caseId: string, acknowledgedBy: string): Promise<void>;
  /** An escalation after the acknowledgement (a stale timer elsewhere) does not change the owner. */
  abstract caseEscalated(caseId: string, escalatedTo: string): Promise<void>;
  /** A closed case no longer takes alerts: the person's next alert opens a new case. */
  abstract caseClosed(caseId: string, at: Date): Promise<void>;
  abstract caseReopened(caseId: string, ownerId: string, status: string): Promise<void>;
  abstract caseTransferred(caseId: string, bassinId: string, ownerId: string): Promise<void>;
  /**
   * A case that follows a closed one opened; when the cases service opened it itself (an alert that
   * reached a case already closed), the index learns of it here, and the old case is closed in it.
   */
  abstract followingCaseOpened(entry: {
    caseId: string;
    previousCaseId: string;
    personRef: string;
    bassinId: string;
    ownerId: string;
    openedAt: Date;
  }): Promise<void>;
  /** The person's open case, if any (no lock): the other side of a possible match. */
  abstract findOpen(personRef: string): Promise<OpenCase | undefined>;
  abstract caseMerged(mergedCaseId: string, survivorCaseId: string): Promise<void>;
  abstract caseSplit(restoredCaseId: string): Promise<void>;
}
