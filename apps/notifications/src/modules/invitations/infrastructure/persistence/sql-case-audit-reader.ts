import { Injectable } from '@nestjs/common';
import type { CaseAuditEntry } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { CaseAuditReader } from '../../application/ports/case-audit-reader.js';

interface Row {
  at: Date;
  actor_id: string;
  action: CaseAuditEntry['action'];
  purpose: string;
  outcome: CaseAuditEntry['outcome'];
}

@Injectable()
export class SqlCaseAuditReader extends CaseAuditReader {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async aboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]> {
    const rows = await queryRows<Row>(
      this.uow.manager,
      `SELECT "at","actor_id","action","purpose","outcome" FROM "notifications"."audit_log"
        WHERE "subject_type" = 'case' AND "subject_id" = $1 ORDER BY "at" DESC, "id" DESC LIMIT $2`,
      [caseId, limit],
    );
    return rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id,
      action: r.action,
      purpose: r.purpose,
      outcome: r.outcome,
    }));
  }
}
