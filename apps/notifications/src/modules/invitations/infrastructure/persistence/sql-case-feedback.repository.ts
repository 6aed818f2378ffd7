import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import {
  type CaseFeedback,
  CaseFeedbackRepository,
  type FeedbackKind,
  type NewCaseFeedback,
} from '../../domain/case-feedback.js';

const S = 'notifications';

interface Row {
  id: string;
  case_id: string;
  reporter_id: string;
  kind: FeedbackKind;
  created_at: Date;
}

const toFeedback = (r: Row): CaseFeedback => ({
  id: r.id,
  caseId: r.case_id,
  reporterId: r.reporter_id,
  kind: r.kind,
  createdAt: new Date(r.created_at),
});

@Injectable()
export class SqlCaseFeedbackRepository extends CaseFeedbackRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async record(f: NewCaseFeedback, at: Date): Promise<{ feedback: CaseFeedback; created: boolean }> {
    const m = this.uow.transaction.requireManager();
    const inserted = await queryRows<Row>(
      m,
      `INSERT INTO "${S}"."case_feedback" ("id","case_id","reporter_id","kind","created_at") VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT ("case_id","reporter_id","kind") DO NOTHING RETURNING *`,
      [randomUUID(), f.caseId, f.reporterId, f.kind, at],
    );
    if (inserted.length === 1) {
      return { feedback: toFeedback(inserted[0]), created: true };
    }
    const [existing] = await queryRows<Row>(
      m,
      `SELECT * FROM "${S}"."case_feedback" WHERE "case_id" = $1 AND "reporter_id" = $2 AND "kind" = $3`,
      [f.caseId, f.reporterId, f.kind],
    );
    return { feedback: toFeedback(existing), created: false };
  }

  async find(id: string): Promise<CaseFeedback | undefined> {
    const [row] = await queryRows<Row>(this.uow.manager, `SELECT * FROM "${S}"."case_feedback" WHERE "id" = $1`, [id]);
    return row ? toFeedback(row) : undefined;
  }
}
