import { Injectable } from '@nestjs/common';
import type { CaseAuditEntry } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { readAuditTrail } from '#concerto/persistence';
import { OwnAuditTrail } from '../application/audit-trail.js';

@Injectable()
export class SqlOwnAuditTrail extends OwnAuditTrail {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  aboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]> {
    return readAuditTrail(
      this.uow.manager,
      'scheduling',
      `"subject_type" = 'case' AND "subject_id" = $1`,
      [caseId],
      limit,
    );
  }
}
