import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { CaseAuditApi, CaseAuditEntry } from '#concerto/contracts';
import { ListCaseAuditQuery } from '../../application/queries/list-case-audit/list-case-audit.query.js';

/** In-process implementation of NOTIFICATIONS_AUDIT_API; the internal controller serves it over HTTP (ADR 0025). */
@Injectable()
export class NotificationsCaseAuditService implements CaseAuditApi {
  constructor(private readonly queries: QueryBus) {}

  entriesAboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]> {
    return this.queries.execute(new ListCaseAuditQuery(caseId, limit));
  }
}
