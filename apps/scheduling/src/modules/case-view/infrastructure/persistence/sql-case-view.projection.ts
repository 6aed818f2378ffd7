import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { type CaseView, CaseViewProjection } from '../../domain/case-view.projection.js';

@Injectable()
export class SqlCaseViewProjection extends CaseViewProjection {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async find(caseId: string): Promise<CaseView | undefined> {
    const [row] = await queryRows<{
      case_id: string;
      bassin_id: string;
      person_ref: string;
      deadline: Date | null;
      owner_id: string;
    }>(
      this.uow.manager,
      // The root of "a passed deadline never blocks a meeting": only a future active date bounds it.
      `SELECT v."case_id", v."bassin_id", v."person_ref", v."owner_id",
              (SELECT min(d."due_at") FROM "scheduling"."case_deadlines" d
                WHERE d."case_id" = v."case_id" AND d."active" AND d."due_at" > $2) AS "deadline"
         FROM "scheduling"."case_view" v WHERE v."case_id" = $1`,
      [caseId, this.clock.now()],
    );
    return row
      ? {
          caseId: row.case_id,
          bassinId: row.bassin_id,
          personRef: row.person_ref,
          deadline: row.deadline ? new Date(row.deadline) : undefined,
          ownerId: row.owner_id,
        }
      : undefined;
  }

  async deadline(caseId: string, deadlineId: string): Promise<{ dueAt: Date; active: boolean } | undefined> {
    const [row] = await queryRows<{ due_at: Date; active: boolean }>(
      this.uow.manager,
      `SELECT "due_at", "active" FROM "scheduling"."case_deadlines" WHERE "case_id" = $1 AND "deadline_id" = $2`,
      [caseId, deadlineId],
    );
    return row ? { dueAt: new Date(row.due_at), active: row.active } : undefined;
  }

  async caseOpened(view: CaseView & { openedAt: Date }): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "scheduling"."case_view" ("case_id","bassin_id","person_ref","owner_id","opened_at") VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`,
        [view.caseId, view.bassinId, view.personRef, view.ownerId, view.openedAt],
      );
  }

  async deadlineSet(caseId: string, deadlineId: string, dueAt: Date): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "scheduling"."case_deadlines" ("deadline_id","case_id","due_at","active") VALUES ($1,$2,$3,true)
         ON CONFLICT ("deadline_id") DO UPDATE SET "due_at" = EXCLUDED."due_at", "active" = true`,
      [deadlineId, caseId, dueAt],
    );
  }

  async deadlineDismissed(caseId: string, deadlineId: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "scheduling"."case_deadlines" SET "active" = false WHERE "deadline_id" = $1 AND "case_id" = $2`, [
        deadlineId,
        caseId,
      ]);
  }

  async ownerChanged(caseId: string, ownerId: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "scheduling"."case_view" SET "owner_id" = $2 WHERE "case_id" = $1`, [caseId, ownerId]);
  }

  async caseTransferred(caseId: string, bassinId: string, ownerId: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "scheduling"."case_view" SET "bassin_id" = $2, "owner_id" = $3 WHERE "case_id" = $1`, [
        caseId,
        bassinId,
        ownerId,
      ]);
  }
}
