import { Injectable } from '@nestjs/common';
import type { DeadlineKind, DeadlineState } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { CaseDeadline } from '../../domain/deadlines/case-deadline.js';
import { CaseDeadlineRepository } from '../../domain/deadlines/case-deadline.repository.js';

interface Row {
  deadline_id: string;
  case_id: string;
  kind: DeadlineKind;
  due_at: Date | string;
  source_kind: 'alert' | 'user';
  source_alert_id: string | null;
  source_actor_id: string;
  state: DeadlineState;
  created_at: Date | string;
  updated_at: Date | string;
  version: number;
}

const T = '"cases"."case_deadlines"';

@Injectable()
export class SqlCaseDeadlineRepository extends CaseDeadlineRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async findForUpdate(caseId: string, deadlineId: string): Promise<CaseDeadline | undefined> {
    const [row] = await queryRows<Row>(
      this.uow.transaction.requireManager(),
      `SELECT * FROM ${T} WHERE "deadline_id" = $1 AND "case_id" = $2 FOR UPDATE`,
      [deadlineId, caseId],
    );
    return row ? toDomain(row) : undefined;
  }

  async ofCase(caseId: string): Promise<CaseDeadline[]> {
    const rows = await queryRows<Row>(
      this.uow.manager,
      `SELECT * FROM ${T} WHERE "case_id" = $1 ORDER BY "due_at", "deadline_id"`,
      [caseId],
    );
    return rows.map(toDomain);
  }

  async save(deadline: CaseDeadline): Promise<void> {
    const s = deadline.snapshot;
    const m = this.uow.transaction.requireManager();
    if (s.version === 0) {
      await m.query(
        `INSERT INTO ${T} ("deadline_id","case_id","kind","due_at","source_kind","source_alert_id","source_actor_id","state","created_at","updated_at","version")
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,1)`,
        [
          s.id,
          s.caseId,
          s.kind,
          s.dueAt,
          s.source.kind,
          s.source.alertId ?? null,
          s.source.actorId,
          s.state,
          s.createdAt,
          s.updatedAt,
        ],
      );
    } else {
      // The row is locked by findForUpdate: no concurrent writer to guard against here.
      await m.query(
        `UPDATE ${T} SET "kind" = $2, "due_at" = $3, "state" = $4, "updated_at" = $5, "version" = "version" + 1 WHERE "deadline_id" = $1`,
        [s.id, s.kind, s.dueAt, s.state, s.updatedAt],
      );
    }
  }
}

function toDomain(r: Row): CaseDeadline {
  return CaseDeadline.restore({
    id: r.deadline_id,
    caseId: r.case_id,
    kind: r.kind,
    dueAt: new Date(r.due_at),
    source: {
      kind: r.source_kind,
      ...(r.source_alert_id ? { alertId: r.source_alert_id } : {}),
      actorId: r.source_actor_id,
    },
    state: r.state,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    version: r.version,
  });
}
