import { Injectable } from '@nestjs/common';
import type { CaseAuditEntry } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { readAuditTrail } from '#concerto/persistence';
import { CaseAuditReader } from '../../application/ports/case-audit-reader.js';

@Injectable()
export class SqlCaseAuditReader extends CaseAuditReader {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  aboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]> {
    return readAuditTrail(
      this.uow.manager,
      'notifications',
      `"subject_type" = 'case' AND "subject_id" = $1`,
      [caseId],
      limit,
    );
  }
}
