import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import {
  type NewPage,
  type Page,
  type PagedCase,
  PagedCaseRepository,
  pageKey,
  PageRepository,
  type PageTrigger,
} from '../../domain/page.js';

const S = 'notifications';

interface PageRow {
  id: string;
  case_id: string;
  signal_id: string;
  trigger: PageTrigger;
  level: number;
  recipient_id: string;
  bassin_id: string;
  type: string;
  urgency: 'urgent' | 'normal';
  due_at: Date;
  created_at: Date;
  ack_used_at: Date | null;
}

function toPage(r: PageRow): Page {
  return {
    id: r.id,
    caseId: r.case_id,
    signalId: r.signal_id,
    trigger: r.trigger,
    level: r.level,
    recipientId: r.recipient_id,
    bassinId: r.bassin_id,
    type: r.type,
    urgency: r.urgency,
    dueAt: new Date(r.due_at),
    createdAt: new Date(r.created_at),
    ...(r.ack_used_at ? { ackUsedAt: new Date(r.ack_used_at) } : {}),
  };
}

/** The pages table: one row per (signal, trigger, recipient), its unique key the idempotency guard. */
@Injectable()
export class SqlPageRepository extends PageRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async record(p: NewPage, at: Date): Promise<{ page: Page; created: boolean }> {
    const m = this.uow.transaction.requireManager();
    const key = pageKey(p);
    const inserted = await queryRows<PageRow>(
      m,
      `INSERT INTO "${S}"."pages" ("id","page_key","case_id","signal_id","trigger","level","recipient_id","bassin_id","type","urgency","due_at","created_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT ("page_key") DO NOTHING RETURNING *`,
      [
        randomUUID(),
        key,
        p.caseId,
        p.signalId,
        p.trigger,
        p.level,
        p.recipientId,
        p.bassinId,
        p.type,
        p.urgency,
        p.dueAt,
        at,
      ],
    );
    if (inserted.length === 1) {
      return { page: toPage(inserted[0]), created: true };
    }
    const [existing] = await queryRows<PageRow>(m, `SELECT * FROM "${S}"."pages" WHERE "page_key" = $1`, [key]);
    return { page: toPage(existing), created: false };
  }

  async find(id: string): Promise<Page | undefined> {
    const [row] = await queryRows<PageRow>(this.uow.manager, `SELECT * FROM "${S}"."pages" WHERE "id" = $1`, [id]);
    return row ? toPage(row) : undefined;
  }

  async useAcknowledgeLink(id: string, at: Date): Promise<boolean> {
    const rows = await queryRows(
      this.uow.manager,
      `UPDATE "${S}"."pages" SET "ack_used_at" = $2 WHERE "id" = $1 AND "ack_used_at" IS NULL RETURNING "id"`,
      [id, at],
    );
    return rows.length === 1;
  }

  async releaseAcknowledgeLink(id: string): Promise<void> {
    await this.uow.manager.query(`UPDATE "${S}"."pages" SET "ack_used_at" = NULL WHERE "id" = $1`, [id]);
  }
}

interface PagedCaseRow {
  case_id: string;
  bassin_id: string;
  type: string;
  urgency: 'urgent' | 'normal';
  owner_id: string;
  opened_by_alert_id: string;
  acknowledge_by: Date;
  acknowledged: boolean;
  merged_into: string | null;
}

/** The cases as paging follows them. */
@Injectable()
export class SqlPagedCaseRepository extends PagedCaseRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(caseId: string): Promise<PagedCase | undefined> {
    const [r] = await queryRows<PagedCaseRow>(
      this.uow.manager,
      `SELECT * FROM "${S}"."paged_cases" WHERE "case_id" = $1`,
      [caseId],
    );
    return r
      ? {
          caseId: r.case_id,
          bassinId: r.bassin_id,
          type: r.type,
          urgency: r.urgency,
          ownerId: r.owner_id,
          openedByAlertId: r.opened_by_alert_id,
          acknowledgeBy: new Date(r.acknowledge_by),
          acknowledged: r.acknowledged,
          ...(r.merged_into ? { mergedInto: r.merged_into } : {}),
        }
      : undefined;
  }

  async save(c: PagedCase): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "${S}"."paged_cases" ("case_id","bassin_id","type","urgency","owner_id","opened_by_alert_id","acknowledge_by","acknowledged")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT ("case_id") DO UPDATE SET "bassin_id" = $2, "type" = $3, "urgency" = $4, "owner_id" = $5,
         "acknowledge_by" = $7, "acknowledged" = $8`,
      [c.caseId, c.bassinId, c.type, c.urgency, c.ownerId, c.openedByAlertId, c.acknowledgeBy, c.acknowledged],
    );
  }

  async markMerged(caseId: string, mergedInto: string | undefined): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(`UPDATE "${S}"."paged_cases" SET "merged_into" = $2 WHERE "case_id" = $1`, [caseId, mergedInto ?? null]);
  }
}
