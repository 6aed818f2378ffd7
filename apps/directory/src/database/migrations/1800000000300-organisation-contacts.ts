import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An organisation's own contact (issue 17, ADR 0024 amendment): an action item owned by an
 * organisation, not by a participant, is told to the organisation directly, on its e-mail or
 * phone, in its language. The demo organisations get a fictitious e-mail.
 */
export class OrganisationContacts1800000000300 implements MigrationInterface {
  name = 'OrganisationContacts1800000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory"."organisations"
      ADD COLUMN "contact_email" varchar(254),
      ADD COLUMN "contact_phone" varchar(32),
      ADD COLUMN "contact_language" varchar(8) NOT NULL DEFAULT 'fr'`);
    await fillDemoOrganisationContacts(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory"."organisations"
      DROP COLUMN "contact_email", DROP COLUMN "contact_phone", DROP COLUMN "contact_language"`);
  }
}

interface Querier {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Demo defaults: every organisation with no contact gets a fictitious e-mail. */
export async function fillDemoOrganisationContacts(q: Querier): Promise<void> {
  await q.query(
    `UPDATE "directory"."organisations" SET "contact_email" = "id" || '@mail.demo.concerto.brussels'
      WHERE "contact_email" IS NULL AND "contact_phone" IS NULL`,
  );
}
