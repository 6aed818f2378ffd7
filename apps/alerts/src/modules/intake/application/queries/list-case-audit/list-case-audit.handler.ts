import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CaseAuditEntry } from '#concerto/contracts';
import { CaseAuditReader } from '../../ports/case-audit-reader.js';
import { ListCaseAuditQuery } from './list-case-audit.query.js';

const MAX = 500;

@QueryHandler(ListCaseAuditQuery)
export class ListCaseAuditHandler implements IQueryHandler<ListCaseAuditQuery> {
  constructor(private readonly reader: CaseAuditReader) {}

  execute({ caseId, limit }: ListCaseAuditQuery): Promise<CaseAuditEntry[]> {
    return this.reader.aboutCase(caseId, Math.max(1, Math.min(MAX, Math.floor(limit) || 1)));
  }
}
