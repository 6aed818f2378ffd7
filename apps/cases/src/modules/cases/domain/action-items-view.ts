/**
 * Port: the case's action items as scheduling's events told them (ids and open/over only). A
 * resolution seen before the opening (events out of order after a replay) is kept: it wins.
 */
export abstract class ActionItemsView {
  abstract opened(itemId: string, caseId: string, at: Date): Promise<void>;
  abstract resolved(itemId: string, caseId: string, at: Date): Promise<void>;
  abstract openCount(caseId: string): Promise<number>;
}

/** Port: the next review a concertation record planned for the case (the latest record wins). */
export abstract class CaseReviews {
  abstract planned(caseId: string, recordId: string, kind: string, reviewAt: Date, at: Date): Promise<void>;
}
