import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'cases';

/**
 * A case's whole life (issue 15): closing (when, with which outcome), the reference bassin (R16,
 * `inter-bassin` included), the closed case a new one follows, and transfer handovers as signals.
 */
export class AddCaseLifecycle1786000000000 implements MigrationInterface {
  name = 'AddCaseLifecycle1786000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."cases"
      ADD COLUMN "reference_bassin" varchar(32),
      ADD COLUMN "previous_case_id" uuid,
      ADD COLUMN "closed_at" timestamptz,
      ADD COLUMN "close_outcome" varchar(32)`);
    await q.query(`UPDATE "${S}"."cases" SET "reference_bassin" = "bassin_id"`);
    await q.query(`ALTER TABLE "${S}"."cases" ALTER COLUMN "reference_bassin" SET NOT NULL`);
    await q.query(`CREATE INDEX "cases_person_closed_idx" ON "${S}"."cases" ("person_ref", "closed_at")`);
    await q.query(`CREATE INDEX "cases_previous_case_idx" ON "${S}"."cases" ("previous_case_id")`);
    await q.query(`ALTER TABLE "${S}"."signals" ADD COLUMN "origin" varchar(16)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."signals" DROP COLUMN "origin"`);
    await q.query(`DROP INDEX "${S}"."cases_previous_case_idx"`);
    await q.query(`DROP INDEX "${S}"."cases_person_closed_idx"`);
    await q.query(`ALTER TABLE "${S}"."cases"
      DROP COLUMN "close_outcome", DROP COLUMN "closed_at", DROP COLUMN "previous_case_id", DROP COLUMN "reference_bassin"`);
  }
}
