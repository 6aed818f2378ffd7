import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'scheduling';

/**
 * Every consent change, kept with its time and author (R05): one row per version of a case's
 * consent, append-only like the audit log (a trigger refuses UPDATE and DELETE). The consents
 * table keeps the current state; this one is its history. Existing consents enter it as their
 * current version (their earlier versions were not kept before this migration).
 */
export class AddConsentHistory1763800000340 implements MigrationInterface {
  name = 'AddConsentHistory1763800000340';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."consent_history" (
      "case_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "status" varchar(24) NOT NULL,
      "given_by" varchar(24),
      "scopes" jsonb NOT NULL,
      "emergency_reason" varchar(500),
      "recorded_by" varchar(64) NOT NULL,
      "recorded_at" timestamptz NOT NULL,
      PRIMARY KEY ("case_id", "version")
    )`);
    await q.query(
      `CREATE FUNCTION "${S}".consent_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'consent_history is append-only'; END $$`,
    );
    await q.query(
      `CREATE TRIGGER consent_history_append_only BEFORE UPDATE OR DELETE ON "${S}"."consent_history"
       FOR EACH ROW EXECUTE FUNCTION "${S}".consent_history_is_append_only()`,
    );
    await q.query(
      `INSERT INTO "${S}"."consent_history" ("case_id","version","status","given_by","scopes","emergency_reason","recorded_by","recorded_at")
       SELECT "case_id","version","status","given_by","scopes","emergency_reason",COALESCE("recorded_by",'system'),COALESCE("recorded_at",now())
         FROM "${S}"."consents"`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "${S}"."consent_history"`);
    await q.query(`DROP FUNCTION IF EXISTS "${S}".consent_history_is_append_only()`);
  }
}
