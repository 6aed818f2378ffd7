import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The reporter's feedback (issue 15): a reporter is told, on their channel, that the case of their
 * alert is owned and then closed. Their address is the same directory profile paging reads
 * (`pager_email`/`pager_phone`, channels per urgency); the demo professionals get a fictitious one.
 */
export class ReporterContacts1786000000100 implements MigrationInterface {
  name = 'ReporterContacts1786000000100';

  async up(q: QueryRunner): Promise<void> {
    await fillDemoReporterContacts(q);
  }

  async down(): Promise<void> {
    // The addresses stay: they are reference data, not a schema change.
  }
}

interface Querier {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Demo defaults: every professional with no contact (coordinators got a pager) gets a fictitious e-mail. */
export async function fillDemoReporterContacts(q: Querier): Promise<void> {
  await q.query(
    `UPDATE "directory"."professionals" SET "pager_email" = "id" || '@mail.demo.concerto.brussels'
      WHERE "pager_email" IS NULL AND "pager_phone" IS NULL`,
  );
}
