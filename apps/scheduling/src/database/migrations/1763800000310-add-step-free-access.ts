import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A participant who needs a room reachable without steps (wheelchair, walker). */
export class AddStepFreeAccess1763800000310 implements MigrationInterface {
  name = 'AddStepFreeAccess1763800000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "scheduling"."participants" ADD COLUMN "needs_step_free_access" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "scheduling"."participants" DROP COLUMN "needs_step_free_access"`);
  }
}
