import { Query } from '@nestjs/cqrs';
import type { CaseAuditEntry } from '#concerto/contracts';

/**
 * Who read the case's letters, calls to make and messages here, for the person's own page (R14,
 * R20). Asked by the scheduling service on behalf of a holder of the person's signed link, never
 * by a user directly.
 */
export class ListCaseAuditQuery extends Query<CaseAuditEntry[]> {
  constructor(
    readonly caseId: string,
    readonly limit: number,
  ) {
    super();
  }
}
