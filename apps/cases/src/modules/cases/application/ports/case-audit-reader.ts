import type { CaseAuditEntry } from '#concerto/contracts';

/** Port: the service's audit entries about one case, newest first (the person's own page reads them). */
export abstract class CaseAuditReader {
  abstract aboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]>;
}
