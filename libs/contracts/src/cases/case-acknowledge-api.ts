/**
 * Acknowledging a case on a coordinator's behalf, for the notifications service's single-use
 * acknowledge links (issue 15, paging): in-process in the embedded mode, over the cases service's
 * internal HTTP route in the distributed mode (ADR 0007). The caller vouches for the coordinator:
 * it checked the signed link it issued to them as the case's paged owner in that bassin.
 */
export interface AcknowledgeOnBehalfRequest {
  caseId: string;
  coordinatorId: string;
  /** The bassin the coordinator was paged for (they act as its coordinator). */
  bassinId: string;
  /** The signal (alert id) the page was about. */
  alertId: string;
}

export type AcknowledgeOnBehalfResult =
  | { outcome: 'acknowledged'; caseId: string; status: string; ownerId: string; acknowledgedAt: string }
  | { outcome: 'refused'; code: string; status: 404 | 403 | 409 };

export interface CaseAcknowledgeApi {
  acknowledgeOnBehalf(request: AcknowledgeOnBehalfRequest): Promise<AcknowledgeOnBehalfResult>;
}

export const CASE_ACKNOWLEDGE_API = Symbol('CASE_ACKNOWLEDGE_API');
