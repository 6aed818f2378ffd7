import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import {
  Consent,
  type ConsentChange,
  type ConsentGiver,
  type ConsentState,
  type ParticipantScope,
} from '../../domain/consent.aggregate.js';
import { ConsentRepository } from '../../domain/consent.repository.js';

@Injectable()
export class SqlConsentRepository extends ConsentRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async load(caseId: string, options: { forUpdate?: boolean } = {}): Promise<Consent> {
    const [row] = await queryRows<{
      case_id: string;
      status: ConsentState['status'];
      given_by: ConsentGiver | null;
      concertation_allowed: boolean;
      scopes: ParticipantScope[];
      emergency_reason: string | null;
      recorded_by: string | null;
      recorded_at: Date | null;
      version: number;
    }>(
      this.uow.manager,
      `SELECT * FROM "scheduling"."consents" WHERE "case_id" = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [caseId],
    );
    if (!row) {
      return Consent.notRecorded(caseId);
    }
    return Consent.restore({
      caseId: row.case_id,
      status: row.status,
      givenBy: row.given_by ?? undefined,
      concertationAllowed: row.concertation_allowed,
      scopes: row.scopes,
      emergencyReason: row.emergency_reason ?? undefined,
      recordedBy: row.recorded_by ?? undefined,
      recordedAt: row.recorded_at ? new Date(row.recorded_at) : undefined,
      version: row.version,
    });
  }

  async save(consent: Consent): Promise<void> {
    const s = consent.snapshot;
    const manager = this.uow.transaction.requireManager();
    const [{ version }] = await queryRows<{ version: number }>(
      manager,
      `INSERT INTO "scheduling"."consents" ("case_id","status","given_by","concertation_allowed","scopes","emergency_reason","recorded_by","recorded_at","version")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,1)
       ON CONFLICT ("case_id") DO UPDATE SET "status"=$2,"given_by"=$3,"concertation_allowed"=$4,"scopes"=$5,"emergency_reason"=$6,"recorded_by"=$7,"recorded_at"=$8,"version"="consents"."version"+1
       RETURNING "version"`,
      [
        s.caseId,
        s.status,
        s.givenBy ?? null,
        s.concertationAllowed,
        JSON.stringify(s.scopes),
        s.emergencyReason ?? null,
        s.recordedBy ?? null,
        s.recordedAt ?? null,
      ],
    );
    // The same transaction: no version of the consent exists without its history row.
    await manager.query(
      `INSERT INTO "scheduling"."consent_history" ("case_id","version","status","given_by","scopes","emergency_reason","recorded_by","recorded_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [
        s.caseId,
        version,
        s.status,
        s.givenBy ?? null,
        JSON.stringify(s.scopes),
        s.emergencyReason ?? null,
        s.recordedBy ?? 'system',
        s.recordedAt ?? new Date(),
      ],
    );
  }

  async history(caseId: string): Promise<ConsentChange[]> {
    const rows = await queryRows<{
      version: number;
      status: ConsentChange['status'];
      given_by: ConsentGiver | null;
      scopes: ParticipantScope[];
      emergency_reason: string | null;
      recorded_by: string;
      recorded_at: Date;
    }>(
      this.uow.manager,
      `SELECT "version","status","given_by","scopes","emergency_reason","recorded_by","recorded_at"
         FROM "scheduling"."consent_history" WHERE "case_id" = $1 ORDER BY "version"`,
      [caseId],
    );
    return rows.map((r) => ({
      version: r.version,
      status: r.status,
      ...(r.given_by ? { givenBy: r.given_by } : {}),
      scopes: r.scopes,
      ...(r.emergency_reason ? { emergencyReason: r.emergency_reason } : {}),
      recordedBy: r.recorded_by,
      recordedAt: new Date(r.recorded_at),
    }));
  }
}
