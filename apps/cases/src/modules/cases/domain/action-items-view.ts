/**
 * Port: the case's action items as scheduling's events told them (ids and open/over only). A
 * resolution seen before the opening (events out of order after a replay) is kept: it wins.
 */
export abstract class ActionItemsView {
  abstract opened(itemId: string, caseId: string, at: Date): Promise<void>;
  abstract resolved(itemId: string, caseId: string, at: Date): Promise<void>;
  abstract openCount(caseId: string): Promise<number>;
}
