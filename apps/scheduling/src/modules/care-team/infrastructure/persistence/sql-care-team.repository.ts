import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { FieldCipher, queryRows } from '#concerto/persistence';
import type { ParticipantKind } from '../../domain/care-team.js';
import { CareTeamRepository, type ParticipantRecord } from '../../domain/care-team.repository.js';
import { type EncryptedParticipantColumn, participantFieldContext } from './participant-encryption.js';

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
  vault_key_id: string | null;
}

/** Names and contact details are encrypted under the personal-data keyring (FieldCipher). */
@Injectable()
export class SqlCareTeamRepository extends CareTeamRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {
    super();
  }

  private seal(id: string, column: EncryptedParticipantColumn, value: string | undefined): string | null {
    return this.cipher.encryptOptional(value, participantFieldContext(id, column));
  }

  async list(caseId: string): Promise<ParticipantRecord[]> {
    const rows = await queryRows<ParticipantRow>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."participants" WHERE "case_id" = $1 AND "removed_at" IS NULL ORDER BY "added_at", "id"`,
      [caseId],
    );
    return rows.map((row) => this.toRecord(row));
  }

  async seatThePerson(
    person: Pick<ParticipantRecord, 'id' | 'caseId' | 'displayName' | 'language' | 'interpreterNeeded'>,
    at: Date,
  ): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."participants" ("id","case_id","kind","display_name","language","interpreter_needed","required","added_by","added_at","vault_key_id")
       VALUES ($1,$2,'person',$3,$4,$5,true,'system',$6,$7) ON CONFLICT DO NOTHING`,
      [
        person.id,
        person.caseId,
        this.seal(person.id, 'display_name', person.displayName),
        person.language,
        person.interpreterNeeded,
        at,
        this.cipher.currentKeyId,
      ],
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
      `INSERT INTO "scheduling"."participants" ("id","case_id","kind","role","professional_id","organisation_id","display_name","language","interpreter_needed","required","waived","email","phone","postal_address","added_by","added_at","needs_step_free_access","vault_key_id")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
      [
        p.id,
        p.caseId,
        p.kind,
        p.role ?? null,
        p.professionalId ?? null,
        p.organisationId ?? null,
        this.seal(p.id, 'display_name', p.displayName),
        p.language,
        p.interpreterNeeded,
        p.required,
        p.waived,
        this.seal(p.id, 'email', p.contact.email),
        this.seal(p.id, 'phone', p.contact.phone),
        this.seal(p.id, 'postal_address', p.contact.postalAddress),
        addedBy,
        at,
        p.needsStepFreeAccess,
        this.cipher.currentKeyId,
      ],
    );
  }

  async update(p: ParticipantRecord): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "scheduling"."participants" SET "email"=$3,"phone"=$4,"postal_address"=$5,"language"=$6,"interpreter_needed"=$7,"required"=$8,"waived"=$9,"needs_step_free_access"=$10,"display_name"=$11,"vault_key_id"=$12 WHERE "id"=$1 AND "case_id"=$2`,
        [
          p.id,
          p.caseId,
          this.seal(p.id, 'email', p.contact.email),
          this.seal(p.id, 'phone', p.contact.phone),
          this.seal(p.id, 'postal_address', p.contact.postalAddress),
          p.language,
          p.interpreterNeeded,
          p.required,
          p.waived,
          p.needsStepFreeAccess,
          // Rewritten with the rest, so the whole row is under one key id.
          this.seal(p.id, 'display_name', p.displayName),
          this.cipher.currentKeyId,
        ],
      );
  }

  private toRecord(r: ParticipantRow): ParticipantRecord {
    // A row still in clear (vault_key_id NULL) only exists between the migration and its rewrite.
    const open = (column: EncryptedParticipantColumn): string | undefined => {
      const stored = r[column];
      if (stored === null || r.vault_key_id === null) {
        return stored ?? undefined;
      }
      return this.cipher.decrypt(stored, participantFieldContext(r.id, column));
    };
    const email = open('email');
    const phone = open('phone');
    const postalAddress = open('postal_address');
    return {
      id: r.id,
      caseId: r.case_id,
      kind: r.kind,
      ...(r.role ? { role: r.role } : {}),
      ...(r.professional_id ? { professionalId: r.professional_id } : {}),
      ...(r.organisation_id ? { organisationId: r.organisation_id } : {}),
      displayName: open('display_name') ?? '',
      language: r.language,
      interpreterNeeded: r.interpreter_needed,
      required: r.required,
      waived: r.waived,
      needsStepFreeAccess: r.needs_step_free_access,
      contact: {
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
        ...(postalAddress ? { postalAddress } : {}),
      },
    };
  }
}
