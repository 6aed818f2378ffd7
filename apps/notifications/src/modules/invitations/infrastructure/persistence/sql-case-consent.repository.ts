import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { type CaseConsent, CaseConsentRepository } from '../../domain/case-consent.js';

const S = 'notifications';

/** The case_consent table of the notifications schema. */
@Injectable()
export class SqlCaseConsentRepository extends CaseConsentRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(caseId: string, options: { lock?: boolean } = {}): Promise<CaseConsent | undefined> {
    const [row] = await queryRows<{
      case_id: string;
      status: CaseConsent['status'];
      participant_ids: string[] | null;
      changed_at: Date;
    }>(
      this.uow.manager,
      `SELECT "case_id","status","participant_ids","changed_at" FROM "${S}"."case_consent" WHERE "case_id" = $1${options.lock ? ' FOR SHARE' : ''}`,
      [caseId],
    );
    return row
      ? {
          caseId: row.case_id,
          status: row.status,
          ...(row.participant_ids ? { participantIds: row.participant_ids } : {}),
          changedAt: new Date(row.changed_at),
        }
      : undefined;
  }

  async record(c: CaseConsent, at: Date): Promise<boolean> {
    const rows = await queryRows(
      this.uow.transaction.requireManager(),
      `INSERT INTO "${S}"."case_consent" ("case_id","status","participant_ids","changed_at","updated_at") VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT ("case_id") DO UPDATE SET "status"=$2,"participant_ids"=$3,"changed_at"=$4,"updated_at"=$5
         WHERE "case_consent"."changed_at" <= $4
       RETURNING "case_id"`,
      [c.caseId, c.status, c.participantIds ? JSON.stringify(c.participantIds) : null, c.changedAt, at],
    );
    return rows.length === 1;
  }
}
