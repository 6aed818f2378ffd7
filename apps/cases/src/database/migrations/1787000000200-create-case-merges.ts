import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'cases';

/**
 * One case per person (issue 15): the intake's possible matches as coordinators see and decide
 * them, and the merges of two cases (kept after a split, so a wrong merge stays on record).
 */
export class CreateCaseMerges1787000000200 implements MigrationInterface {
  name = 'CreateCaseMerges1787000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."possible_matches" (
      "match_id" uuid PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "other_case_id" uuid NOT NULL,
      "reasons" text NOT NULL,
      "state" varchar(16) NOT NULL,
      "found_at" timestamptz NOT NULL,
      "decided_by" varchar(64),
      "decided_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "possible_matches_case_idx" ON "${S}"."possible_matches" ("case_id")`);
    await q.query(`CREATE INDEX "possible_matches_other_case_idx" ON "${S}"."possible_matches" ("other_case_id")`);
    await q.query(`CREATE TABLE "${S}"."case_merges" (
      "merge_id" uuid PRIMARY KEY,
      "survivor_case_id" uuid NOT NULL REFERENCES "${S}"."cases"("case_id"),
      "merged_case_id" uuid NOT NULL REFERENCES "${S}"."cases"("case_id"),
      "match_id" uuid,
      "merged_by" varchar(64) NOT NULL,
      "merged_at" timestamptz NOT NULL,
      "split_by" varchar(64),
      "split_at" timestamptz
    )`);
    // A case is merged into at most one survivor at a time.
    await q.query(
      `CREATE UNIQUE INDEX "case_merges_standing_idx" ON "${S}"."case_merges" ("merged_case_id") WHERE "split_at" IS NULL`,
    );
    await q.query(`CREATE INDEX "case_merges_survivor_idx" ON "${S}"."case_merges" ("survivor_case_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."case_merges"`);
    await q.query(`DROP TABLE "${S}"."possible_matches"`);
  }
}
