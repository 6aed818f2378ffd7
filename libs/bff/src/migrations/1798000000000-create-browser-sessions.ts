import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Browser sessions of the embedded engine (ADR 0022, amendment): in its PostgreSQL so that a restart
 * keeps people signed in. The key is the SHA-256 of the cookie value (never the cookie itself); the
 * expiry is epoch milliseconds of the sessions' own clock, so idle and absolute expiry stay exact.
 */
export class CreateBrowserSessions1798000000000 implements MigrationInterface {
  name = 'CreateBrowserSessions1798000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "bff"."browser_sessions" (
      "key" varchar(100) PRIMARY KEY,
      "value" jsonb NOT NULL,
      "expires_at" bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX "browser_sessions_expires_idx" ON "bff"."browser_sessions" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "bff"."browser_sessions"`);
  }
}
