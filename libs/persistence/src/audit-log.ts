import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { type AmbientTransaction } from './ambient-transaction.js';
import { queryRows } from './query-rows.js';

export type AuditAction = 'read' | 'create' | 'update' | 'denied';

export interface AuditEntry {
  actorId: string;
  action: AuditAction;
  subjectType: 'person' | 'case' | 'alert' | 'principal';
  /** A pseudonym or technical id: never a name or a national number. */
  subjectId: string;
  purpose: string;
  outcome: 'allowed' | 'denied';
  correlationId: string;
  at: Date;
}

/** One row of a service's audit log as the person's own page shows it (ADR 0025). */
export interface AuditTrailEntry {
  at: string;
  actorId: string;
  action: AuditAction;
  purpose: string;
  outcome: 'allowed' | 'denied';
}

/**
 * The newest `limit` rows of `schema`'s audit log that `where` selects (SQL over the log's columns, with
 * its parameters `params` as $1…; the limit comes after them), newest first. Every service reads its own
 * log for the person's page this way; only which rows concern a case differs.
 */
export async function readAuditTrail(
  runner: DataSource | EntityManager,
  schema: string,
  where: string,
  params: unknown[],
  limit: number,
): Promise<AuditTrailEntry[]> {
  const rows = await queryRows<{
    at: Date;
    actor_id: string;
    action: AuditAction;
    purpose: string;
    outcome: AuditTrailEntry['outcome'];
  }>(
    runner,
    `SELECT "at","actor_id","action","purpose","outcome" FROM "${schema}"."audit_log"
      WHERE ${where} ORDER BY "at" DESC, "id" DESC LIMIT $${params.length + 1}`,
    [...params, limit],
  );
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    action: r.action,
    purpose: r.purpose,
    outcome: r.outcome,
  }));
}

/** DDL for a service's append-only audit table: updates and deletes are refused by a trigger. */
export function auditTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}"."audit_log" (
      "id" bigserial PRIMARY KEY,
      "at" timestamptz NOT NULL,
      "actor_id" varchar(64) NOT NULL,
      "action" varchar(16) NOT NULL,
      "subject_type" varchar(16) NOT NULL,
      "subject_id" varchar(64) NOT NULL,
      "purpose" varchar(64) NOT NULL,
      "outcome" varchar(16) NOT NULL,
      "correlation_id" varchar(128) NOT NULL
    )`,
    `CREATE INDEX "audit_log_subject_idx" ON "${schema}"."audit_log" ("subject_id", "at")`,
    `CREATE FUNCTION "${schema}".audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
    `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "${schema}"."audit_log"
     FOR EACH ROW EXECUTE FUNCTION "${schema}".audit_log_is_append_only()`,
  ];
}

/**
 * TRUNCATE fires no row trigger, so the append-only rule needs a statement trigger too: in the
 * embedded mode there is one database user, and grants alone cannot keep it from emptying the log.
 */
export function auditLogRefusesTruncateSql(schema: string): string[] {
  return [
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "${schema}"."audit_log"
     FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".audit_log_is_append_only()`,
  ];
}

/** One line per service: its migration that adds the TRUNCATE guard to its audit table. */
export function auditLogRefusesTruncateMigration(schema: string, timestamp: number): new () => MigrationInterface {
  return class AuditLogRefusesTruncate implements MigrationInterface {
    name = `AuditLogRefusesTruncate${timestamp}`;

    async up(q: QueryRunner): Promise<void> {
      for (const sql of auditLogRefusesTruncateSql(schema)) {
        await q.query(sql);
      }
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TRIGGER audit_log_no_truncate ON "${schema}"."audit_log"`);
    }
  };
}

export class AuditLog {
  constructor(
    private readonly schema: string,
    private readonly tx: AmbientTransaction,
  ) {}

  /** Written in the open transaction when there is one (a denial is then committed with it), else on its own. */
  async record(entry: AuditEntry): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO "${this.schema}"."audit_log"
        ("at","actor_id","action","subject_type","subject_id","purpose","outcome","correlation_id")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [
        entry.at,
        entry.actorId,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.purpose,
        entry.outcome,
        entry.correlationId,
      ],
    );
  }
}
