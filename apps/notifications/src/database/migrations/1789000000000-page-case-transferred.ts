import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';
const BEFORE = `'case-opened','signal-joined','urgent-signal','case-escalated','deadline-passed'`;

/** The new owner of a transferred case is paged (issue 15): a sixth page trigger. */
export class PageCaseTransferred1789000000000 implements MigrationInterface {
  name = 'PageCaseTransferred1789000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."pages" DROP CONSTRAINT IF EXISTS "pages_trigger_check"`);
    await q.query(`ALTER TABLE "${S}"."pages" ADD CONSTRAINT "pages_trigger_check"
      CHECK ("trigger" IN (${BEFORE},'case-transferred'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "${S}"."pages" WHERE "trigger" = 'case-transferred'`);
    await q.query(`ALTER TABLE "${S}"."pages" DROP CONSTRAINT IF EXISTS "pages_trigger_check"`);
    await q.query(`ALTER TABLE "${S}"."pages" ADD CONSTRAINT "pages_trigger_check" CHECK ("trigger" IN (${BEFORE}))`);
  }
}
