import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * R28: who called the hotline for an alert. The caller's name and callback number are sealed
 * with the identity vault's cipher (vault_key_id names the key), like the persons' fields.
 */
export class AddAlertCallers1788000000000 implements MigrationInterface {
  name = 'AddAlertCallers1788000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "alerts"."alert_callers" (
      "alert_id" uuid PRIMARY KEY REFERENCES "alerts"."alerts" ("alert_id"),
      "relationship" varchar(16) NOT NULL
        CHECK ("relationship" IN ('self','relative','neighbour','professional','anonymous','other')),
      "caller_name" text,
      "callback_number" text NOT NULL,
      "vault_key_id" varchar(16) NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "alerts"."alert_callers"`);
  }
}
