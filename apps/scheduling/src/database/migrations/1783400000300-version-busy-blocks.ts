import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'scheduling';

/**
 * Busy blocks are written as versions of a calendar (issue 14, starvation): an import stages its rows
 * under a new version in short transactions, then one short transaction makes that version the one
 * readers see (`busy_calendars`). Readers join on the current version, so they see the old calendar or
 * the new one, never a mix, and the rows of an interrupted import are never read. Existing rows become
 * the current version of their owner's calendar for their source.
 */
export class VersionBusyBlocks1783400000300 implements MigrationInterface {
  name = 'VersionBusyBlocks1783400000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."busy_calendars" (
      "owner_id" varchar(64) NOT NULL,
      "source" varchar(16) NOT NULL,
      "version" uuid NOT NULL,
      "switched_at" timestamptz NOT NULL,
      PRIMARY KEY ("owner_id", "source")
    )`);
    await q.query(`ALTER TABLE "${S}"."busy_blocks" ADD COLUMN "version" uuid`);
    await q.query(
      `INSERT INTO "${S}"."busy_calendars" ("owner_id","source","version","switched_at")
       SELECT "owner_id", "source", gen_random_uuid(), max("created_at") FROM "${S}"."busy_blocks" GROUP BY "owner_id", "source"`,
    );
    await q.query(
      `UPDATE "${S}"."busy_blocks" b SET "version" = c."version" FROM "${S}"."busy_calendars" c
       WHERE c."owner_id" = b."owner_id" AND c."source" = b."source"`,
    );
    await q.query(`ALTER TABLE "${S}"."busy_blocks" ALTER COLUMN "version" SET NOT NULL`);
    // Staged and superseded versions are found (and deleted in chunks) by this index.
    await q.query(`CREATE INDEX "busy_blocks_version_idx" ON "${S}"."busy_blocks" ("owner_id", "source", "version")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Keep only what readers saw.
    await q.query(
      `DELETE FROM "${S}"."busy_blocks" b WHERE NOT EXISTS (SELECT 1 FROM "${S}"."busy_calendars" c
       WHERE c."owner_id" = b."owner_id" AND c."source" = b."source" AND c."version" = b."version")`,
    );
    await q.query(`DROP INDEX "${S}"."busy_blocks_version_idx"`);
    await q.query(`ALTER TABLE "${S}"."busy_blocks" DROP COLUMN "version"`);
    await q.query(`DROP TABLE "${S}"."busy_calendars"`);
  }
}
