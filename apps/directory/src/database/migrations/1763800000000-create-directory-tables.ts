import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateDirectoryTables1763800000000 implements MigrationInterface {
  name = 'CreateDirectoryTables1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "directory"."bassins" (
      "id" varchar(32) PRIMARY KEY,
      "name" jsonb NOT NULL,
      "urgent_guidance" jsonb NOT NULL DEFAULT '{}'::jsonb
    )`);
    await q.query(`CREATE TABLE "directory"."postal_codes" (
      "postal_code" varchar(8) PRIMARY KEY,
      "communes" jsonb NOT NULL,
      "bassins" jsonb NOT NULL,
      "default_bassin" varchar(32)
    )`);
    await q.query(`CREATE TABLE "directory"."territory_settings" (
      "key" varchar(64) PRIMARY KEY,
      "value" jsonb NOT NULL
    )`);
    await q.query(`CREATE TABLE "directory"."organisations" (
      "id" varchar(64) PRIMARY KEY,
      "name" varchar(200) NOT NULL,
      "kind" varchar(64) NOT NULL,
      "bassin_id" varchar(32)
    )`);
    await q.query(`CREATE TABLE "directory"."professionals" (
      "id" varchar(64) PRIMARY KEY,
      "display_name" varchar(200) NOT NULL,
      "role" varchar(64) NOT NULL,
      "organisation_id" varchar(64) NOT NULL,
      "languages" jsonb NOT NULL,
      "roles" jsonb NOT NULL,
      "bassins" jsonb NOT NULL DEFAULT '[]'::jsonb
    )`);
    await q.query(`CREATE TABLE "directory"."duty_roster" (
      "bassin_id" varchar(32) PRIMARY KEY REFERENCES "directory"."bassins"("id"),
      "coordinator_id" varchar(64) NOT NULL REFERENCES "directory"."professionals"("id"),
      "backup_id" varchar(64) NOT NULL REFERENCES "directory"."professionals"("id"),
      "lead_id" varchar(64) NOT NULL REFERENCES "directory"."professionals"("id")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'duty_roster',
      'professionals',
      'organisations',
      'territory_settings',
      'postal_codes',
      'bassins',
    ]) {
      await q.query(`DROP TABLE "directory"."${t}"`);
    }
  }
}
