import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'notifications';

/**
 * Coordinator tasks that close (issue 17, point 5): a letter marked posted, a call recorded with
 * its outcome. Calls are counted; who closed the task is kept (the audit log has each attempt).
 */
export class CoordinatorTaskProgress1796000000400 implements MigrationInterface {
  name = 'CoordinatorTaskProgress1796000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."coordinator_tasks"
      ADD COLUMN "attempts" integer NOT NULL DEFAULT 0 CHECK ("attempts" >= 0),
      ADD COLUMN "outcome" varchar(16)
        CHECK ("outcome" IN ('reached','no-answer','wrong-number','voicemail-left','refused','posted')),
      ADD COLUMN "last_attempt_at" timestamptz,
      ADD COLUMN "closed_by" varchar(128)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."coordinator_tasks"
      DROP COLUMN "attempts", DROP COLUMN "outcome", DROP COLUMN "last_attempt_at", DROP COLUMN "closed_by"`);
  }
}
