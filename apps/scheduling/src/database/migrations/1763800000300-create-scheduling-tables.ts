import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inboxTableSql, outboxTableSql } from '#concerto/messaging';
import { auditTableSql } from '#concerto/persistence';
import { timersTableSql } from '#concerto/timers';

const S = 'scheduling';

export class CreateSchedulingTables1763800000300 implements MigrationInterface {
  name = 'CreateSchedulingTables1763800000300';

  async up(q: QueryRunner): Promise<void> {
    // What scheduling needs to know of a case, projected from cases.case.v1.
    await q.query(`CREATE TABLE "${S}"."case_view" (
      "case_id" uuid PRIMARY KEY,
      "bassin_id" varchar(32) NOT NULL,
      "person_ref" uuid NOT NULL,
      "deadline" timestamptz,
      "owner_id" varchar(64) NOT NULL,
      "opened_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE "${S}"."consents" (
      "case_id" uuid PRIMARY KEY,
      "status" varchar(24) NOT NULL,
      "given_by" varchar(24),
      "concertation_allowed" boolean NOT NULL,
      "scopes" jsonb NOT NULL,
      "emergency_reason" varchar(500),
      "recorded_by" varchar(64),
      "recorded_at" timestamptz,
      "version" integer NOT NULL
    )`);
    // Contact details are kept here because invitations need them; events carry participant ids only.
    await q.query(`CREATE TABLE "${S}"."participants" (
      "id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "kind" varchar(24) NOT NULL,
      "role" varchar(48),
      "professional_id" varchar(64),
      "organisation_id" varchar(64),
      "display_name" varchar(200) NOT NULL,
      "language" varchar(16) NOT NULL,
      "interpreter_needed" boolean NOT NULL,
      "required" boolean NOT NULL,
      "waived" boolean NOT NULL DEFAULT false,
      "email" varchar(254),
      "phone" varchar(32),
      "postal_address" varchar(300),
      "added_by" varchar(64) NOT NULL,
      "added_at" timestamptz NOT NULL,
      "removed_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "participants_case_idx" ON "${S}"."participants" ("case_id")`);
    await q.query(
      `CREATE UNIQUE INDEX "participants_one_person_per_case" ON "${S}"."participants" ("case_id") WHERE "kind" = 'person' AND "removed_at" IS NULL`,
    );
    await q.query(`CREATE TABLE "${S}"."weekly_hours" (
      "owner_id" varchar(64) PRIMARY KEY,
      "hours" jsonb NOT NULL,
      "updated_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE "${S}"."busy_blocks" (
      "id" uuid PRIMARY KEY,
      "owner_id" varchar(64) NOT NULL,
      "start_at" timestamptz NOT NULL,
      "end_at" timestamptz NOT NULL,
      "source" varchar(16) NOT NULL,
      "created_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "busy_blocks_owner_idx" ON "${S}"."busy_blocks" ("owner_id", "start_at")`);
    await q.query(`CREATE TABLE "${S}"."rooms" (
      "id" uuid PRIMARY KEY,
      "bassin_id" varchar(32) NOT NULL,
      "name" varchar(120) NOT NULL,
      "capacity" integer NOT NULL,
      "step_free" boolean NOT NULL
    )`);
    await q.query(`CREATE TABLE "${S}"."concertations" (
      "id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "status" varchar(16) NOT NULL,
      "start_at" timestamptz NOT NULL,
      "end_at" timestamptz NOT NULL,
      "location" jsonb NOT NULL,
      "sequence" integer NOT NULL,
      "invitations" jsonb NOT NULL,
      "created_by" varchar(64) NOT NULL,
      "created_at" timestamptz NOT NULL,
      "version" integer NOT NULL
    )`);
    await q.query(`CREATE INDEX "concertations_case_idx" ON "${S}"."concertations" ("case_id")`);
    await q.query(`CREATE TABLE "${S}"."invitation_index" (
      "invitation_id" uuid PRIMARY KEY,
      "concertation_id" uuid NOT NULL,
      "participant_id" uuid NOT NULL
    )`);
    await q.query(`CREATE TABLE "${S}"."polls" (
      "id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "options" jsonb NOT NULL,
      "location" jsonb NOT NULL,
      "closes_at" timestamptz NOT NULL,
      "status" varchar(16) NOT NULL,
      "invitations" jsonb NOT NULL,
      "answers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "concertation_id" uuid,
      "outcome" jsonb,
      "created_by" varchar(64) NOT NULL,
      "created_at" timestamptz NOT NULL
    )`);
    for (const sql of [...outboxTableSql(S), ...inboxTableSql(S), ...auditTableSql(S), ...timersTableSql(S)]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'polls',
      'invitation_index',
      'concertations',
      'rooms',
      'busy_blocks',
      'weekly_hours',
      'participants',
      'consents',
      'case_view',
      'outbox',
      'inbox',
      'audit_log',
      'timers',
    ]) {
      await q.query(`DROP TABLE "${S}"."${t}" CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS "${S}".audit_log_is_append_only()`);
  }
}
