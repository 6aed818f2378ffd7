import type { CaseDeadline } from './case-deadline.js';

/** Port: a case's deadlines, loaded and saved in the ambient transaction of the use case. */
export abstract class CaseDeadlineRepository {
  abstract findForUpdate(caseId: string, deadlineId: string): Promise<CaseDeadline | undefined>;
  /** Every deadline of the case, whatever its state, earliest date first. */
  abstract ofCase(caseId: string): Promise<CaseDeadline[]>;
  abstract save(deadline: CaseDeadline): Promise<void>;
}
