import type { CaseAuditEntry } from '#concerto/contracts';

/** Port: this service's audit entries about one case's letters, calls and messages, newest first (the person's own page reads them). */
export abstract class CaseAuditReader {
  abstract aboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]>;
}
