import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { type CaseView, CaseViewProjection } from '../../domain/case-view.projection.js';

@Injectable()
export class SqlCaseViewProjection extends CaseViewProjection {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(caseId: string): Promise<CaseView | undefined> {
    const [row] = await queryRows<{
      case_id: string;
      bassin_id: string;
      person_ref: string;
      deadline: Date | null;
      owner_id: string;
    }>(this.uow.manager, `SELECT * FROM "scheduling"."case_view" WHERE "case_id" = $1`, [caseId]);
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

  async caseOpened(view: CaseView & { openedAt: Date }): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "scheduling"."case_view" ("case_id","bassin_id","person_ref","deadline","owner_id","opened_at") VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
        [view.caseId, view.bassinId, view.personRef, view.deadline ?? null, view.ownerId, view.openedAt],
      );
  }

  async deadlineBrought(caseId: string, deadline: Date): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "scheduling"."case_view" SET "deadline" = $2 WHERE "case_id" = $1 AND ("deadline" IS NULL OR "deadline" > $2)`,
        [caseId, deadline],
      );
  }

  async ownerChanged(caseId: string, ownerId: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "scheduling"."case_view" SET "owner_id" = $2 WHERE "case_id" = $1`, [caseId, ownerId]);
  }
}
