import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';

/**
 * Paging (issue 15): the cases as paging follows them, and one row per page. The page's unique
 * key (case, signal, trigger, level, recipient) makes a redelivered event or a re-run consumer
 * page nobody twice; the page's messages go through the deliveries ledger like any other.
 */
export class AddPages1784000000000 implements MigrationInterface {
  name = 'AddPages1784000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."paged_cases" (
      "case_id" uuid PRIMARY KEY,
      "bassin_id" varchar(32) NOT NULL,
      "type" varchar(64) NOT NULL,
      "urgency" varchar(8) NOT NULL,
      "owner_id" varchar(64) NOT NULL,
      "opened_by_alert_id" uuid NOT NULL,
      "acknowledge_by" timestamptz NOT NULL,
      "acknowledged" boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE TABLE "${S}"."pages" (
      "id" uuid PRIMARY KEY,
      "page_key" varchar(300) NOT NULL UNIQUE,
      "case_id" uuid NOT NULL,
      "signal_id" uuid NOT NULL,
      "trigger" varchar(16) NOT NULL CHECK ("trigger" IN ('case-opened','signal-joined','urgent-signal','case-escalated')),
      "level" smallint NOT NULL DEFAULT 0,
      "recipient_id" varchar(64) NOT NULL,
      "bassin_id" varchar(32) NOT NULL,
      "type" varchar(64) NOT NULL,
      "urgency" varchar(8) NOT NULL,
      "due_at" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL,
      "ack_used_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "pages_case_idx" ON "${S}"."pages" ("case_id", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "${S}"."pages"`);
    await q.query(`DROP TABLE IF EXISTS "${S}"."paged_cases"`);
  }
}
