import { type MigrationInterface, type QueryRunner } from 'typeorm';

const S = 'scheduling';

/**
 * Short answer-link tokens (ADR 0011): the SHA-256 of each token with what it grants. Purpose
 * and sequence are columns, so one token does one thing for one meeting version; rows past
 * their expiry are useless and may be deleted at any time.
 */
export class CreateAnswerLinks1796000000300 implements MigrationInterface {
  name = 'CreateAnswerLinks1796000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}"."answer_links" (
      "token_hash" char(64) PRIMARY KEY,
      "invitation_id" varchar(64) NOT NULL,
      "meeting_id" varchar(64) NOT NULL,
      "meeting_sequence" integer NOT NULL CHECK ("meeting_sequence" >= 0),
      "action" varchar(16) NOT NULL CHECK ("action" IN ('accept','decline','written-input','poll')),
      "expires_at" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "answer_links_expiry_idx" ON "${S}"."answer_links" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."answer_links"`);
  }
}
