import { Injectable } from '@nestjs/common';
import type { BassinId } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { CaseIndexRepository, type OpenCase } from '../../application/ports/case-index.repository.js';

@Injectable()
export class SqlCaseIndexRepository extends CaseIndexRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async findOpenForUpdate(personRef: string): Promise<OpenCase | undefined> {
    const [row] = await queryRows<{ case_id: string; status: string; owner_id: string; bassin_id: BassinId }>(
      this.uow.transaction.requireManager(),
      `SELECT c."case_id",c."status",c."owner_id",c."bassin_id" FROM "alerts"."case_index" i
         JOIN "alerts"."case_index" c ON c."case_id" = COALESCE(i."merged_into", i."case_id")
        WHERE i."person_ref" = $1 AND i."closed_at" IS NULL AND c."closed_at" IS NULL
        ORDER BY (i."merged_into" IS NULL) DESC LIMIT 1 FOR UPDATE`,
      [personRef],
    );
    return row
      ? { caseId: row.case_id, status: row.status, ownerId: row.owner_id, bassinId: row.bassin_id }
      : undefined;
  }

  async open(entry: {
    caseId: string;
    personRef: string;
    bassinId: BassinId;
    ownerId: string;
    openedAt: Date;
  }): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "alerts"."case_index" ("case_id","person_ref","bassin_id","status","owner_id","opened_at") VALUES ($1,$2,$3,'opened',$4,$5)`,
        [entry.caseId, entry.personRef, entry.bassinId, entry.ownerId, entry.openedAt],
      );
  }

  async caseOpened(caseId: string, ownerId: string, bassinId: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "alerts"."case_index" SET "owner_id" = $2, "bassin_id" = $3 WHERE "case_id" = $1`, [
        caseId,
        ownerId,
        bassinId,
      ]);
  }

  async caseAcknowledged(caseId: string, acknowledgedBy: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "alerts"."case_index" SET "status" = 'acknowledged', "owner_id" = $2 WHERE "case_id" = $1`, [
        caseId,
        acknowledgedBy,
      ]);
  }

  async caseEscalated(caseId: string, escalatedTo: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "alerts"."case_index" SET "status" = 'escalated', "owner_id" = $2 WHERE "case_id" = $1 AND "status" <> 'acknowledged'`,
        [caseId, escalatedTo],
      );
  }

  async caseClosed(caseId: string, at: Date): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "alerts"."case_index" SET "status" = 'closed', "closed_at" = $2 WHERE "case_id" = $1 AND "closed_at" IS NULL`,
        [caseId, at],
      );
  }

  async caseReopened(caseId: string, ownerId: string, status: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "alerts"."case_index" SET "status" = $3, "owner_id" = $2, "closed_at" = NULL WHERE "case_id" = $1`,
        [caseId, ownerId, status],
      );
  }

  async caseTransferred(caseId: string, bassinId: string, ownerId: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "alerts"."case_index" SET "status" = 'opened', "bassin_id" = $2, "owner_id" = $3 WHERE "case_id" = $1`,
        [caseId, bassinId, ownerId],
      );
  }

  async followingCaseOpened(entry: {
    caseId: string;
    previousCaseId: string;
    personRef: string;
    bassinId: string;
    ownerId: string;
    openedAt: Date;
  }): Promise<void> {
    const manager = this.uow.transaction.requireManager();
    await manager.query(
      `UPDATE "alerts"."case_index" SET "status" = 'closed', "closed_at" = $2 WHERE "case_id" = $1 AND "closed_at" IS NULL`,
      [entry.previousCaseId, entry.openedAt],
    );
    await manager.query(
      `INSERT INTO "alerts"."case_index" ("case_id","person_ref","bassin_id","status","owner_id","opened_at")
       SELECT $1,$2,$3,'opened',$4,$5
        WHERE NOT EXISTS (SELECT 1 FROM "alerts"."case_index" WHERE "case_id" = $1)
          AND NOT EXISTS (SELECT 1 FROM "alerts"."case_index" WHERE "person_ref" = $2 AND "closed_at" IS NULL)`,
      [entry.caseId, entry.personRef, entry.bassinId, entry.ownerId, entry.openedAt],
    );
    await this.caseOpened(entry.caseId, entry.ownerId, entry.bassinId);
  }

  async findOpen(personRef: string): Promise<OpenCase | undefined> {
    const [row] = await queryRows<{ case_id: string; status: string; owner_id: string; bassin_id: BassinId }>(
      this.uow.manager,
      `SELECT c."case_id",c."status",c."owner_id",c."bassin_id" FROM "alerts"."case_index" i
         JOIN "alerts"."case_index" c ON c."case_id" = COALESCE(i."merged_into", i."case_id")
        WHERE i."person_ref" = $1 AND i."closed_at" IS NULL AND c."closed_at" IS NULL
        ORDER BY (i."merged_into" IS NULL) DESC LIMIT 1`,
      [personRef],
    );
    return row
      ? { caseId: row.case_id, status: row.status, ownerId: row.owner_id, bassinId: row.bassin_id }
      : undefined;
  }

  async caseMerged(mergedCaseId: string, survivorCaseId: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "alerts"."case_index" SET "merged_into" = $2 WHERE "case_id" = $1`, [
        mergedCaseId,
        survivorCaseId,
      ]);
  }

  async caseSplit(restoredCaseId: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "alerts"."case_index" SET "merged_into" = NULL WHERE "case_id" = $1`, [restoredCaseId]);
  }
}
