import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'scheduling';

/**
 * The person's own links (ADR 0025, amendment): one row per link made, ids only. A link sent to
 * its holder is the short form (22 characters, fits a text message, typed by hand from a letter);
 * its SHA-256 is kept here with the grant, so a database read gives no usable link.
 */
export class CreatePersonLinks1801000000100 implements MigrationInterface {
  name = 'CreatePersonLinks1801000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."person_links" (
      "id" uuid PRIMARY KEY,
      "link_id" varchar(64) NOT NULL UNIQUE,
      "token_hash" char(64) NOT NULL UNIQUE,
      "case_id" uuid NOT NULL,
      "participant_id" uuid NOT NULL,
      "expires_at" timestamptz NOT NULL,
      "issued_by" varchar(64) NOT NULL,
      "issued_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "person_links_case_idx" ON "${S}"."person_links" ("case_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."person_links"`);
  }
}
