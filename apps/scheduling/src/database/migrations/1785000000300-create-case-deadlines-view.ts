import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'scheduling';

/**
 * Scheduling keeps every deadline of a case and picks the earliest *future* active one when it
 * searches or fixes a meeting: a passed date never blocks a later meeting. The single deadline of
 * the old view becomes one item with the case's id as its id, as the cases service's migration does.
 */
export class CreateCaseDeadlinesView1785000000300 implements MigrationInterface {
  name = 'CreateCaseDeadlinesView1785000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."case_deadlines" (
      "deadline_id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "due_at" timestamptz NOT NULL,
      "active" boolean NOT NULL
    )`);
    await q.query(`CREATE INDEX "case_deadlines_case_idx" ON "${S}"."case_deadlines" ("case_id", "due_at")`);
    await q.query(`INSERT INTO "${S}"."case_deadlines" ("deadline_id","case_id","due_at","active")
      SELECT "case_id", "case_id", "deadline", true FROM "${S}"."case_view" WHERE "deadline" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."case_deadlines"`);
  }
}
