import type { Case } from './case.aggregate.js';

/** Port: loads and saves cases in the ambient transaction of the use case. */
export abstract class CaseRepository {
  /** Loads and locks the case until the transaction ends (a write follows). */
  abstract findForUpdate(caseId: string): Promise<Case | undefined>;
  abstract find(caseId: string): Promise<Case | undefined>;
  abstract save(aggregate: Case): Promise<void>;
  /** The person's most recently closed case (a new case about them follows it). */
  abstract latestClosedOf(personRef: string): Promise<string | undefined>;
  /** The case opened after this one closed, if any (reopening the older one would give the person two open cases). */
  abstract followingCaseOf(caseId: string): Promise<string | undefined>;
}
