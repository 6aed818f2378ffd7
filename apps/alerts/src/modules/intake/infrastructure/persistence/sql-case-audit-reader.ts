import { Injectable } from '@nestjs/common';
import type { CaseAuditEntry } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { readAuditTrail } from '#concerto/persistence';
import { CaseAuditReader } from '../../application/ports/case-audit-reader.js';

/** The alerts of a case, and of the cases merged into it (a merged case brings its alerts along). */
const ALERTS_OF_CASE = `SELECT a."alert_id", a."person_ref" FROM "alerts"."alerts" a
  LEFT JOIN "alerts"."case_index" i ON i."case_id" = a."case_id" WHERE a."case_id" = $1 OR i."merged_into" = $1`;

/**
 * The alerts service audits by alert (who read it) and by person (who raised an alert about
 * them): both are about the case's person.
 */
@Injectable()
export class SqlCaseAuditReader extends CaseAuditReader {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  aboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]> {
    return readAuditTrail(
      this.uow.manager,
      'alerts',
      `("subject_type" = 'alert' AND "subject_id" IN (SELECT c."alert_id"::text FROM (${ALERTS_OF_CASE}) c))
        OR ("subject_type" = 'person' AND "subject_id" IN (SELECT c."person_ref"::text FROM (${ALERTS_OF_CASE}) c))`,
      [caseId],
      limit,
    );
  }
}
