import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { inboxTableSql, outboxTableSql } from '#concerto/messaging';
import { auditTableSql } from '#concerto/persistence';
import { timersTableSql } from '#concerto/timers';

const S = 'cases';

export class CreateCasesTables1763800000200 implements MigrationInterface {
  name = 'CreateCasesTables1763800000200';

  async up(q: QueryRunner): Promise<void> {
    // Coordination facts only: who, when, which alert types. No clinical content column exists.
    await q.query(`CREATE TABLE "${S}"."cases" (
      "case_id" uuid PRIMARY KEY,
      "person_ref" uuid NOT NULL,
      "bassin_id" varchar(32) NOT NULL,
      "bassin_needs_confirmation" boolean NOT NULL,
      "type" varchar(32) NOT NULL,
      "urgency" varchar(16) NOT NULL,
      "status" varchar(16) NOT NULL,
      "owner_id" varchar(64) NOT NULL,
      "escalation_chain" jsonb NOT NULL,
      "escalation_level" smallint NOT NULL,
      "acknowledge_by" timestamptz NOT NULL,
      "acknowledged_by" varchar(64),
      "acknowledged_at" timestamptz,
      "deadline" timestamptz,
      "members" jsonb NOT NULL,
      "alerts" jsonb NOT NULL,
      "opened_at" timestamptz NOT NULL,
      "version" integer NOT NULL
    )`);
    await q.query(`CREATE INDEX "cases_bassin_status_idx" ON "${S}"."cases" ("bassin_id", "status")`);
    await q.query(`CREATE TABLE "${S}"."timeline" (
      "id" bigserial PRIMARY KEY,
      "case_id" uuid NOT NULL REFERENCES "${S}"."cases"("case_id"),
      "at" timestamptz NOT NULL,
      "kind" varchar(40) NOT NULL,
      "actor_id" varchar(64) NOT NULL,
      "details" jsonb NOT NULL
    )`);
    await q.query(`CREATE INDEX "timeline_case_idx" ON "${S}"."timeline" ("case_id", "id")`);
    for (const sql of [...outboxTableSql(S), ...inboxTableSql(S), ...auditTableSql(S), ...timersTableSql(S)]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['timeline', 'cases', 'outbox', 'inbox', 'audit_log', 'timers']) {
      await q.query(`DROP TABLE "${S}"."${t}" CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS "${S}".audit_log_is_append_only()`);
  }
}
