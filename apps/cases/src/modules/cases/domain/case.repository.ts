import type { Case } from './case.aggregate.js';

/** Port: loads and saves cases in the ambient transaction of the use case. */
export abstract class CaseRepository {
  /** Loads and locks the case until the transaction ends (a write follows). */
  abstract findForUpdate(caseId: string): Promise<Case | undefined>;
  abstract find(caseId: string): Promise<Case | undefined>;
  abstract save(aggregate: Case): Promise<void>;
}
