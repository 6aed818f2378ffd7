import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';

/**
 * Messages about action items and records (issue 17, ADR 0024): one row per (subject, trigger,
 * occurrence, recipient), ids only, its unique key the guard that tells each recipient once per
 * event. Its messages go through the deliveries ledger (kinds `action-item` and `record-summary`).
 * `digest` is the summary's content fingerprint: an amendment that changes nothing is not re-sent.
 */
export class AddFollowUpMessages1797000000000 implements MigrationInterface {
  name = 'AddFollowUpMessages1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."follow_up_messages" (
      "id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "subject_id" uuid NOT NULL,
      "trigger" varchar(24) NOT NULL CHECK ("trigger" IN ('action-opened','action-handed-over','action-before-due','action-due','action-escalated','action-no-owner','record-summary')),
      "occurrence" varchar(40) NOT NULL,
      "recipient_type" varchar(12) NOT NULL CHECK ("recipient_type" IN ('participant','coordinator')),
      "recipient_ref" varchar(64) NOT NULL,
      "digest" varchar(64),
      "created_at" timestamptz NOT NULL,
      UNIQUE ("subject_id", "trigger", "occurrence", "recipient_ref")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."follow_up_messages"`);
  }
}
