import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';

/**
 * The consent of each case as notifications last heard it (from consent.changed: a status and
 * participant ids, never a name), checked again before every message leaves (R05, defence in
 * depth behind scheduling's gate). A message stopped by a withdrawal is `cancelled` (reason
 * `consent-withdrawn`): neither failed nor lost, and never re-enqueued.
 */
export class AddCaseConsent1763800000440 implements MigrationInterface {
  name = 'AddCaseConsent1763800000440';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."case_consent" (
      "case_id" uuid PRIMARY KEY,
      "status" varchar(24) NOT NULL,
      "participant_ids" jsonb,
      "changed_at" timestamptz NOT NULL,
      "updated_at" timestamptz NOT NULL
    )`);
    await q.query(`ALTER TABLE "${S}"."deliveries" DROP CONSTRAINT IF EXISTS "deliveries_status_check"`);
    await q.query(
      `ALTER TABLE "${S}"."deliveries" ADD CONSTRAINT "deliveries_status_check" CHECK ("status" IN ('queued','sent','failed','skipped','cancelled'))`,
    );
    await q.query(
      `CREATE INDEX "deliveries_case_queued_idx" ON "${S}"."deliveries" ("case_id") WHERE "status" = 'queued'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "${S}"."deliveries_case_queued_idx"`);
    await q.query(`UPDATE "${S}"."deliveries" SET "status" = 'skipped' WHERE "status" = 'cancelled'`);
    await q.query(`ALTER TABLE "${S}"."deliveries" DROP CONSTRAINT IF EXISTS "deliveries_status_check"`);
    await q.query(
      `ALTER TABLE "${S}"."deliveries" ADD CONSTRAINT "deliveries_status_check" CHECK ("status" IN ('queued','sent','failed','skipped'))`,
    );
    await q.query(`DROP TABLE IF EXISTS "${S}"."case_consent"`);
  }
}
