import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'scheduling';

/**
 * A room's street address and its access, in structured form (issue 16: "the place, with its
 * address and step-free access"): the invitee's page, the invitation e-mail, the calendar entry's
 * LOCATION and the person's page show them. The address stays empty for a room added before; the
 * access notes are booleans only (no free text a coordinator could fill with clinical notes).
 */
export class AddRoomAddress1801000000000 implements MigrationInterface {
  name = 'AddRoomAddress1801000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."rooms"
      ADD COLUMN "street" varchar(120),
      ADD COLUMN "house_number" varchar(12),
      ADD COLUMN "postal_code" varchar(8),
      ADD COLUMN "municipality" varchar(80),
      ADD COLUMN "lift" boolean NOT NULL DEFAULT false,
      ADD COLUMN "disabled_parking" boolean NOT NULL DEFAULT false,
      ADD CONSTRAINT "rooms_address_whole" CHECK (
        ("street" IS NULL) = ("house_number" IS NULL) AND ("street" IS NULL) = ("postal_code" IS NULL)
        AND ("street" IS NULL) = ("municipality" IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."rooms" DROP CONSTRAINT "rooms_address_whole",
      DROP COLUMN "street", DROP COLUMN "house_number", DROP COLUMN "postal_code", DROP COLUMN "municipality",
      DROP COLUMN "lift", DROP COLUMN "disabled_parking"`);
  }
}
