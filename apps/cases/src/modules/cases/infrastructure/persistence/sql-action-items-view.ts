import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { ActionItemsView, CaseReviews } from '../../domain/action-items-view.js';

@Injectable()
export class SqlActionItemsView extends ActionItemsView {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async opened(itemId: string, caseId: string, at: Date): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "cases"."action_items_view" ("item_id","case_id","open","updated_at") VALUES ($1,$2,true,$3) ON CONFLICT ("item_id") DO NOTHING`,
        [itemId, caseId, at],
      );
  }

  async resolved(itemId: string, caseId: string, at: Date): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "cases"."action_items_view" ("item_id","case_id","open","updated_at") VALUES ($1,$2,false,$3)
         ON CONFLICT ("item_id") DO UPDATE SET "open" = false, "updated_at" = EXCLUDED."updated_at"`,
      [itemId, caseId, at],
    );
  }

  async openCount(caseId: string): Promise<number> {
    const [row] = await queryRows<{ n: string }>(
      this.uow.manager,
      `SELECT count(*) AS "n" FROM "cases"."action_items_view" WHERE "case_id" = $1 AND "open"`,
      [caseId],
    );
    return Number(row?.n ?? 0);
  }
}

@Injectable()
export class SqlCaseReviews extends CaseReviews {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async planned(caseId: string, recordId: string, kind: string, reviewAt: Date, at: Date): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "cases"."case_reviews" ("case_id","record_id","kind","review_at","updated_at") VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT ("case_id") DO UPDATE SET "record_id" = EXCLUDED."record_id", "kind" = EXCLUDED."kind",
           "review_at" = EXCLUDED."review_at", "updated_at" = EXCLUDED."updated_at"
         WHERE "case_reviews"."updated_at" <= EXCLUDED."updated_at"`,
      [caseId, recordId, kind, reviewAt, at],
    );
  }
}
