import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';

/** The owner is paged when a deadline of their case passes (issue 15): a fifth page trigger. */
export class PageDeadlinePassed1788000000000 implements MigrationInterface {
  name = 'PageDeadlinePassed1788000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."pages" DROP CONSTRAINT IF EXISTS "pages_trigger_check"`);
    await q.query(`ALTER TABLE "${S}"."pages" ADD CONSTRAINT "pages_trigger_check"
      CHECK ("trigger" IN ('case-opened','signal-joined','urgent-signal','case-escalated','deadline-passed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "${S}"."pages" WHERE "trigger" = 'deadline-passed'`);
    await q.query(`ALTER TABLE "${S}"."pages" DROP CONSTRAINT IF EXISTS "pages_trigger_check"`);
    await q.query(`ALTER TABLE "${S}"."pages" ADD CONSTRAINT "pages_trigger_check"
      CHECK ("trigger" IN ('case-opened','signal-joined','urgent-signal','case-escalated'))`);
  }
}
