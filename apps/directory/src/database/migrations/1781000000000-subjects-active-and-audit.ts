import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { auditTableSql } from '#concerto/persistence';

/** Subjects can be deactivated (their tokens stop working at once), and denied tokens are audited here. */
export class SubjectsActiveAndAudit1781000000000 implements MigrationInterface {
  name = 'SubjectsActiveAndAudit1781000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory"."professionals" ADD COLUMN "active" boolean NOT NULL DEFAULT true`);
    for (const sql of auditTableSql('directory')) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "directory"."audit_log"`);
    await q.query(`DROP FUNCTION "directory".audit_log_is_append_only()`);
    await q.query(`ALTER TABLE "directory"."professionals" DROP COLUMN "active"`);
  }
}
