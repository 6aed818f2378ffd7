import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inboxTableSql, outboxTableSql } from '#concerto/messaging';
import { auditTableSql } from '#concerto/persistence';
import { timersTableSql } from '#concerto/timers';

const S = 'notifications';

export class CreateNotificationsTables1763800000400 implements MigrationInterface {
  name = 'CreateNotificationsTables1763800000400';

  async up(q: QueryRunner): Promise<void> {
    // The bassin of each case (from cases.case.v1): who may read the coordinator tasks.
    await q.query(`CREATE TABLE "${S}"."case_view" (
      "case_id" uuid PRIMARY KEY,
      "bassin_id" varchar(32) NOT NULL,
      "opened_at" timestamptz NOT NULL
    )`);
    // Invitations as notifications follows them (from scheduling.concertation.v1): ids, channels
    // and answers only. Names and contact data stay in scheduling and are read per message.
    await q.query(`CREATE TABLE "${S}"."invitation_view" (
      "invitation_id" uuid PRIMARY KEY,
      "concertation_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "participant_id" uuid NOT NULL,
      "participant_kind" varchar(24) NOT NULL DEFAULT 'unknown',
      "professional_id" varchar(64),
      "required" boolean NOT NULL,
      "channels" jsonb NOT NULL,
      "sequence" integer NOT NULL,
      "meeting_status" varchar(16) NOT NULL,
      "start_at" timestamptz,
      "end_at" timestamptz,
      "previous_start_at" timestamptz,
      "answer" varchar(16),
      "answered_sequence" integer,
      "answered_at" timestamptz,
      "substitute_candidates" jsonb,
      "first_sent_at" timestamptz,
      "escalation_step" smallint NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "invitation_view_concertation_idx" ON "${S}"."invitation_view" ("concertation_id")`);
    // One row per message: the exactly-once guard. A job claims its row (lease), sends with the
    // key as idempotency key / Message-ID, then marks it sent in the transaction that emits
    // invitation.sent. Queued rows whose lease lapsed are re-enqueued by the reconciler.
    await q.query(`CREATE TABLE "${S}"."deliveries" (
      "idempotency_key" varchar(200) PRIMARY KEY,
      "invitation_id" uuid NOT NULL,
      "concertation_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "sequence" integer NOT NULL,
      "kind" varchar(32) NOT NULL,
      "channel" varchar(16) NOT NULL,
      "status" varchar(16) NOT NULL DEFAULT 'queued' CHECK ("status" IN ('queued','sent','failed','skipped')),
      "attempts" integer NOT NULL DEFAULT 0,
      "claimed_until" timestamptz,
      "provider_message_id" varchar(200),
      "last_error_code" varchar(64),
      "created_at" timestamptz NOT NULL,
      "sent_at" timestamptz
    )`);
    await q.query(
      `CREATE INDEX "deliveries_queued_idx" ON "${S}"."deliveries" ("created_at") WHERE "status" = 'queued'`,
    );
    await q.query(`CREATE INDEX "deliveries_invitation_idx" ON "${S}"."deliveries" ("invitation_id", "sequence")`);
    // What only a person can do: call, post a letter, find a substitute, chase an answer.
    // The letter itself is a file (letter_path, under MAILBOX_DIR); never its text in an event.
    await q.query(`CREATE TABLE "${S}"."coordinator_tasks" (
      "id" uuid PRIMARY KEY,
      "idempotency_key" varchar(200) NOT NULL UNIQUE,
      "case_id" uuid NOT NULL,
      "invitation_id" uuid NOT NULL,
      "concertation_id" uuid NOT NULL,
      "sequence" integer NOT NULL,
      "kind" varchar(32) NOT NULL CHECK ("kind" IN ('phone-call','post-letter','substitute-proposal','no-answer')),
      "message_kind" varchar(32),
      "status" varchar(16) NOT NULL DEFAULT 'open' CHECK ("status" IN ('open','done','resolved','superseded','cancelled')),
      "language" varchar(8),
      "letter_id" varchar(64),
      "letter_path" varchar(300),
      "candidates" jsonb,
      "created_at" timestamptz NOT NULL,
      "closed_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "coordinator_tasks_case_idx" ON "${S}"."coordinator_tasks" ("case_id", "created_at")`);
    for (const sql of [...outboxTableSql(S), ...inboxTableSql(S), ...auditTableSql(S), ...timersTableSql(S)]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'timers',
      'audit_log',
      'inbox',
      'outbox',
      'coordinator_tasks',
      'deliveries',
      'invitation_view',
      'case_view',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${S}"."${t}"`);
    }
    await q.query(`DROP FUNCTION IF EXISTS "${S}".audit_log_is_append_only()`);
  }
}
