import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';

/**
 * A case merged into another pages nobody any more (issue 15): its pending signals moved to the
 * survivor, whose owner is paged for them. Paging remembers the merge until a split undoes it.
 */
export class PagedCaseMerged1790000000100 implements MigrationInterface {
  name = 'PagedCaseMerged1790000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."paged_cases" ADD COLUMN "merged_into" uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${S}"."paged_cases" DROP COLUMN "merged_into"`);
  }
}
