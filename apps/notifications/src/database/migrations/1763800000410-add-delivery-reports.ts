import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';

/**
 * Delivery confirmations: when the channel confirmed that a sent message reached the recipient
 * (a provider's delivery report, or the development sinks at once), the index a provider's
 * report is matched by (its own message id), and the reports themselves.
 */
export class AddDeliveryReports1763800000410 implements MigrationInterface {
  name = 'AddDeliveryReports1763800000410';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."deliveries" ADD COLUMN "delivered_at" timestamptz`);
    await q.query(
      `CREATE INDEX "deliveries_provider_message_idx" ON "${S}"."deliveries" ("channel", "provider_message_id") WHERE "provider_message_id" IS NOT NULL`,
    );
    // Every verified report as received (ids and status codes only; never a number or a text).
    // A report can arrive before the send is recorded: it waits here and is applied then.
    await q.query(`CREATE TABLE "${S}"."provider_reports" (
      "provider" varchar(16) NOT NULL,
      "provider_message_id" varchar(200) NOT NULL,
      "status" varchar(16) NOT NULL,
      "error_code" varchar(16),
      "received_at" timestamptz NOT NULL,
      "applied_at" timestamptz,
      PRIMARY KEY ("provider", "provider_message_id", "status")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "${S}"."provider_reports"`);
    await q.query(`DROP INDEX IF EXISTS "${S}"."deliveries_provider_message_idx"`);
    await q.query(`ALTER TABLE "${S}"."deliveries" DROP COLUMN IF EXISTS "delivered_at"`);
  }
}
