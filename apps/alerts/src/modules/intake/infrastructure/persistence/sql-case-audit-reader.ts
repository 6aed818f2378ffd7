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

/**
 * The alerts service audits by alert (who read it) and by person (who raised an alert about
 * them): both are about the case's person. A case merged into this one brings its alerts along.
 */
@Injectable()
export class SqlCaseAuditReader extends CaseAuditReader {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async aboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]> {
    const rows = await queryRows<Row>(
      this.uow.manager,
      `WITH "alerts_of_case" AS (
         SELECT a."alert_id", a."person_ref" FROM "alerts"."alerts" a
      LEFT JOIN "alerts"."case_index" i ON i."case_id" = a."case_id"
          WHERE a."case_id" = $1 OR i."merged_into" = $1
       )
       SELECT "at","actor_id","action","purpose","outcome" FROM "alerts"."audit_log"
        WHERE ("subject_type" = 'alert' AND "subject_id" IN (SELECT "alert_id"::text FROM "alerts_of_case"))
           OR ("subject_type" = 'person' AND "subject_id" IN (SELECT "person_ref"::text FROM "alerts_of_case"))
        ORDER BY "at" DESC, "id" DESC LIMIT $2`,
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
