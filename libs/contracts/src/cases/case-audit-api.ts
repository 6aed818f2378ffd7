/**
 * Who read or changed a case, from the cases service's audit log, for the person's own page
 * (R14, R20: "who read my data"): in-process in the embedded mode, over the cases service's
 * internal HTTP route in the distributed mode (ADR 0007, ADR 0025). Ids and codes only: the
 * caller turns them into plain words.
 */
export interface CaseAuditEntry {
  at: string;
  actorId: string;
  action: 'read' | 'create' | 'update' | 'denied';
  purpose: string;
  outcome: 'allowed' | 'denied';
}

export interface CaseAuditApi {
  /** The newest entries about the case first, at most `limit`. */
  entriesAboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]>;
}

export const CASE_AUDIT_API = Symbol('CASE_AUDIT_API');

/**
 * The same read, from the other services that audit accesses to a person's case: the alerts
 * service (the alerts raised about the person, and the person's record in its vault) and the
 * notifications service (coordinators reading its letters, calls and messages for the case). Same
 * shape, one token each, so the person's page merges them by time (ADR 0025, amendment).
 */
export const ALERTS_AUDIT_API = Symbol('ALERTS_AUDIT_API');
export const NOTIFICATIONS_AUDIT_API = Symbol('NOTIFICATIONS_AUDIT_API');
