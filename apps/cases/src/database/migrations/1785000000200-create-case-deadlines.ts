import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'cases';

/**
 * A case holds any number of dated items instead of one deadline that could only move earlier.
 * The old single deadline becomes one item of kind `other`, with the case's id as its id (the
 * scheduling service's migration uses the same id, so a later correction reaches both).
 */
export class CreateCaseDeadlines1785000000200 implements MigrationInterface {
  name = 'CreateCaseDeadlines1785000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."case_deadlines" (
      "deadline_id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL REFERENCES "${S}"."cases"("case_id"),
      "kind" varchar(16) NOT NULL,
      "due_at" timestamptz NOT NULL,
      "source_kind" varchar(8) NOT NULL,
      "source_alert_id" uuid,
      "source_actor_id" varchar(64) NOT NULL,
      "state" varchar(16) NOT NULL,
      "created_at" timestamptz NOT NULL,
      "updated_at" timestamptz NOT NULL,
      "version" integer NOT NULL
    )`);
    await q.query(`CREATE INDEX "case_deadlines_case_idx" ON "${S}"."case_deadlines" ("case_id", "due_at")`);
    await q.query(`INSERT INTO "${S}"."case_deadlines"
      ("deadline_id","case_id","kind","due_at","source_kind","source_alert_id","source_actor_id","state","created_at","updated_at","version")
      SELECT "case_id", "case_id", 'other', "deadline", 'alert', NULL, COALESCE("alerts"->0->>'reporterId', 'system'),
             CASE WHEN "deadline" > now() THEN 'active' ELSE 'passed' END, "opened_at", "opened_at", 0
        FROM "${S}"."cases" WHERE "deadline" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."case_deadlines"`);
  }
}
