import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * How each coordinator is paged (issue 15): the pager's e-mail and mobile number, whether they
 * are on duty, and the channels per urgency ('sms', 'email' or 'both'). Reference data read per
 * page by the notifications service, never copied there.
 */
export class ProfessionalPaging1784000000000 implements MigrationInterface {
  name = 'ProfessionalPaging1784000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory"."professionals"
      ADD COLUMN "pager_email" varchar(254),
      ADD COLUMN "pager_phone" varchar(20),
      ADD COLUMN "on_duty" boolean NOT NULL DEFAULT true,
      ADD COLUMN "paging_normal" varchar(8) NOT NULL DEFAULT 'email' CHECK ("paging_normal" IN ('sms','email','both')),
      ADD COLUMN "paging_urgent" varchar(8) NOT NULL DEFAULT 'both' CHECK ("paging_urgent" IN ('sms','email','both'))`);
    // An engine already holding the demo directory gets the demo pagers too.
    await fillDemoPagers(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory"."professionals"
      DROP COLUMN "paging_urgent", DROP COLUMN "paging_normal", DROP COLUMN "on_duty",
      DROP COLUMN "pager_phone", DROP COLUMN "pager_email"`);
  }
}

interface Querier {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Demo defaults: every coordinator without a pager gets a fictitious e-mail and mobile number. */
export async function fillDemoPagers(q: Querier): Promise<void> {
  const rows = (await q.query(
    `SELECT "id" FROM "directory"."professionals"
      WHERE "pager_email" IS NULL AND "pager_phone" IS NULL AND "roles" ?| array['coordinator','bassin-lead']
      ORDER BY "id"`,
  )) as Array<{ id: string }>;
  let n = 0;
  for (const { id } of rows) {
    n += 1;
    await q.query(`UPDATE "directory"."professionals" SET "pager_email" = $2, "pager_phone" = $3 WHERE "id" = $1`, [
      id,
      `${id}@pager.demo.concerto.brussels`,
      `+32470${String(100000 + n)}`,
    ]);
  }
}
