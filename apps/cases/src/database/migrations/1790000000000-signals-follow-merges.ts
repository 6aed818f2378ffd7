import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'cases';

/**
 * A merge moves the merged case's pending signals to the survivor (they escalate and are paged
 * there); a split sends them back. The signal remembers the case it came from. And the worklist
 * stream is fed from a change log every replica of the service reads (ids and statuses only).
 */
export class SignalsFollowMerges1790000000000 implements MigrationInterface {
  name = 'SignalsFollowMerges1790000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."signals" ADD COLUMN "moved_from_case_id" uuid`);
    await q.query(`CREATE TABLE "${S}"."worklist_changes" (
      "seq" bigserial PRIMARY KEY,
      "case_id" uuid NOT NULL,
      "bassin_id" varchar(32) NOT NULL,
      "reference_bassin" varchar(32) NOT NULL,
      "status" varchar(16) NOT NULL,
      "urgency" varchar(16) NOT NULL,
      "owner_id" varchar(64) NOT NULL,
      "pending_signals" integer NOT NULL,
      "change" varchar(40) NOT NULL,
      "written_at" timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(`CREATE INDEX "worklist_changes_written_idx" ON "${S}"."worklist_changes" ("written_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."worklist_changes"`);
    await q.query(`ALTER TABLE "${S}"."signals" DROP COLUMN "moved_from_case_id"`);
  }
}
