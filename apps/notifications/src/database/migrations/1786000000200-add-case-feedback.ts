import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';

/**
 * The reporter's feedback (issue 15): one row per (case, reporter, kind), told once that the case
 * is owned and once that it closed. Its messages go through the deliveries ledger (kind `case-feedback`).
 */
export class AddCaseFeedback1786000000200 implements MigrationInterface {
  name = 'AddCaseFeedback1786000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."case_feedback" (
      "id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "reporter_id" varchar(64) NOT NULL,
      "kind" varchar(8) NOT NULL CHECK ("kind" IN ('owned','closed')),
      "created_at" timestamptz NOT NULL,
      UNIQUE ("case_id", "reporter_id", "kind")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."case_feedback"`);
  }
}
