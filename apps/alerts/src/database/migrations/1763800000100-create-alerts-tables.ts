import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { inboxTableSql, outboxTableSql } from '#concerto/messaging';
import { auditTableSql } from '#concerto/persistence';

const S = 'alerts';

export class CreateAlertsTables1763800000100 implements MigrationInterface {
  name = 'CreateAlertsTables1763800000100';

  async up(q: QueryRunner): Promise<void> {
    // The identity vault: the only place a person's name and national number are stored.
    await q.query(`CREATE TABLE "${S}"."persons" (
      "person_ref" uuid PRIMARY KEY,
      "given_name" varchar(100) NOT NULL,
      "family_name" varchar(100) NOT NULL,
      "birth_date" date,
      "national_number" varchar(11),
      "postal_code" varchar(8),
      "no_fixed_address" boolean NOT NULL DEFAULT false,
      "preferred_language" varchar(8),
      "created_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE "${S}"."person_keys" (
      "key_hash" char(64) PRIMARY KEY,
      "strength" varchar(40) NOT NULL,
      "person_ref" uuid NOT NULL REFERENCES "${S}"."persons"("person_ref")
    )`);
    await q.query(`CREATE TABLE "${S}"."case_index" (
      "case_id" uuid PRIMARY KEY,
      "person_ref" uuid NOT NULL,
      "bassin_id" varchar(32) NOT NULL,
      "status" varchar(32) NOT NULL,
      "owner_id" varchar(64) NOT NULL,
      "opened_at" timestamptz NOT NULL,
      "closed_at" timestamptz,
      "version" integer NOT NULL DEFAULT 0
    )`);
    // At most one open case per person: concurrent alerts about one person cannot open two.
    await q.query(
      `CREATE UNIQUE INDEX "case_index_one_open_per_person" ON "${S}"."case_index" ("person_ref") WHERE "closed_at" IS NULL`,
    );
    await q.query(`CREATE TABLE "${S}"."alerts" (
      "alert_id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "person_ref" uuid NOT NULL,
      "reporter_id" varchar(64) NOT NULL,
      "type" varchar(32) NOT NULL,
      "requested_urgency" varchar(16) NOT NULL,
      "urgency" varchar(16) NOT NULL,
      "reason" varchar(280),
      "deadline" timestamptz,
      "bassin_id" varchar(32) NOT NULL,
      "routing_reason" varchar(32) NOT NULL,
      "opened_case" boolean NOT NULL,
      "raised_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "alerts_case_idx" ON "${S}"."alerts" ("case_id")`);
    await q.query(`CREATE TABLE "${S}"."idempotency_keys" (
      "reporter_id" varchar(64) NOT NULL,
      "idempotency_key" varchar(128) NOT NULL,
      "request_hash" char(64) NOT NULL,
      "alert_id" uuid NOT NULL,
      "response" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL,
      PRIMARY KEY ("reporter_id", "idempotency_key")
    )`);
    for (const sql of [...outboxTableSql(S), ...inboxTableSql(S), ...auditTableSql(S)]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency_keys',
      'alerts',
      'case_index',
      'person_keys',
      'persons',
      'outbox',
      'inbox',
      'audit_log',
    ]) {
      await q.query(`DROP TABLE "${S}"."${t}" CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS "${S}".audit_log_is_append_only()`);
  }
}
