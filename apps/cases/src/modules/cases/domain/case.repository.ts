import type { Case } from './case.aggregate.js';

/** Port: loads and saves cases inside the caller's transaction (`tx` is the adapter's handle). */
export abstract class CaseRepository {
  abstract findForUpdate(tx: unknown, caseId: string): Promise<Case | undefined>;
  abstract find(tx: unknown, caseId: string): Promise<Case | undefined>;
  abstract save(tx: unknown, aggregate: Case): Promise<void>;
}
