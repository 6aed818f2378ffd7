import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The action items still open per case, as scheduling's events tell them (issue 17): the close
 * route reads it to refuse closing a case with open items unless an override reason is given.
 * And the next review each record planned, for the worklist.
 */
export class CreateOpenActionItems1794000000100 implements MigrationInterface {
  name = 'CreateOpenActionItems1794000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "cases"."action_items_view" (
      "item_id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "open" boolean NOT NULL,
      "updated_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "action_items_view_case_idx" ON "cases"."action_items_view" ("case_id") WHERE "open"`);
    // The next review a record planned: the worklist orders the case by it like a deadline.
    await q.query(`CREATE TABLE "cases"."case_reviews" (
      "case_id" uuid PRIMARY KEY,
      "record_id" uuid NOT NULL,
      "kind" varchar(16) NOT NULL,
      "review_at" timestamptz NOT NULL,
      "updated_at" timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "cases"."case_reviews"`);
    await q.query(`DROP TABLE "cases"."action_items_view"`);
  }
}
