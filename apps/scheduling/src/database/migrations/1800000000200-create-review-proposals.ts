import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'scheduling';

/**
 * The next review's preparation (issue 17, ADR 0024 amendment): ahead of a record's review day,
 * the slots proposed for the team's concertation or the referent's check-in task. One row per
 * case (the latest record's review); ids, days and instants only.
 */
export class CreateReviewProposals1800000000200 implements MigrationInterface {
  name = 'CreateReviewProposals1800000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."review_proposals" (
      "case_id" uuid PRIMARY KEY,
      "record_id" uuid NOT NULL,
      "review_on" date NOT NULL,
      "kind" varchar(16) NOT NULL CHECK ("kind" IN ('concertation','check-in')),
      "status" varchar(16) NOT NULL CHECK ("status" IN ('slots-proposed','no-slot','check-in-task','no-referent')),
      "slots" jsonb NOT NULL,
      "action_item_id" uuid,
      "prepared_at" timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."review_proposals"`);
  }
}
