import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import type { ParticipantKind } from '../../domain/care-team.js';
import { CareTeamRepository, type ParticipantRecord } from '../../domain/care-team.repository.js';

interface ParticipantRow {
  id: string;
  case_id: string;
  kind: ParticipantKind;
  role: string | null;
  professional_id: string | null;
  organisation_id: string | null;
  display_name: string;
  language: string;
  interpreter_needed: boolean;
  required: boolean;
  waived: boolean;
  needs_step_free_access: boolean;
  email: string | null;
  phone: string | null;
  postal_address: string | null;
  added_at: Date;
}

@Injectable()
export class SqlCareTeamRepository extends CareTeamRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async list(caseId: string): Promise<ParticipantRecord[]> {
    const rows = await queryRows<ParticipantRow>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."participants" WHERE "case_id" = $1 AND "removed_at" IS NULL ORDER BY "added_at", "id"`,
      [caseId],
    );
    return rows.map(toRecord);
  }

  async seatThePerson(
    person: Pick<ParticipantRecord, 'id' | 'caseId' | 'displayName' | 'language' | 'interpreterNeeded'>,
    at: Date,
  ): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."participants" ("id","case_id","kind","display_name","language","interpreter_needed","required","added_by","added_at")
       VALUES ($1,$2,'person',$3,$4,$5,true,'system',$6) ON CONFLICT DO NOTHING`,
      [person.id, person.caseId, person.displayName, person.language, person.interpreterNeeded, at],
    );
  }

  async sizeForUpdate(caseId: string): Promise<number> {
    const m = this.uow.transaction.requireManager();
    // A transaction-scoped lock per case: the count stays true until the insert commits.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('scheduling.care-team:' || $1::text))`, [caseId]);
    const [row] = await queryRows<{ n: string | number }>(
      m,
      `SELECT count(*) AS "n" FROM "scheduling"."participants" WHERE "case_id" = $1 AND "removed_at" IS NULL`,
      [caseId],
    );
    return Number(row?.n ?? 0);
  }

  async add(p: ParticipantRecord, addedBy: string, at: Date): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."participants" ("id","case_id","kind","role","professional_id","organisation_id","display_name","language","interpreter_needed","required","waived","email","phone","postal_address","added_by","added_at","needs_step_free_access")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
      [
        p.id,
        p.caseId,
        p.kind,
        p.role ?? null,
        p.professionalId ?? null,
        p.organisationId ?? null,
        p.displayName,
        p.language,
        p.interpreterNeeded,
        p.required,
        p.waived,
        p.contact.email ?? null,
        p.contact.phone ?? null,
        p.contact.postalAddress ?? null,
        addedBy,
        at,
        p.needsStepFreeAccess,
      ],
    );
  }

  async update(p: ParticipantRecord): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "scheduling"."participants" SET "email"=$3,"phone"=$4,"postal_address"=$5,"language"=$6,"interpreter_needed"=$7,"required"=$8,"waived"=$9,"needs_step_free_access"=$10 WHERE "id"=$1 AND "case_id"=$2`,
        [
          p.id,
          p.caseId,
          p.contact.email ?? null,
          p.contact.phone ?? null,
          p.contact.postalAddress ?? null,
          p.language,
          p.interpreterNeeded,
          p.required,
          p.waived,
          p.needsStepFreeAccess,
        ],
      );
  }
}

function toRecord(r: ParticipantRow): ParticipantRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    ...(r.role ? { role: r.role } : {}),
    ...(r.professional_id ? { professionalId: r.professional_id } : {}),
    ...(r.organisation_id ? { organisationId: r.organisation_id } : {}),
    displayName: r.display_name,
    language: r.language,
    interpreterNeeded: r.interpreter_needed,
    required: r.required,
    waived: r.waived,
    needsStepFreeAccess: r.needs_step_free_access,
    contact: {
      ...(r.email ? { email: r.email } : {}),
      ...(r.phone ? { phone: r.phone } : {}),
      ...(r.postal_address ? { postalAddress: r.postal_address } : {}),
    },
  };
}
