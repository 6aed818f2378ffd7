import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import {
  type CoordinatorTask,
  CoordinatorTaskRepository,
  type MootTasks,
  type NewTask,
  type TaskKind,
  type TaskOutcome,
  type TaskProgress,
  type TaskStatus,
} from '../../domain/coordinator-task.js';

const S = 'notifications';

interface TaskRow {
  id: string;
  case_id: string;
  invitation_id: string;
  concertation_id: string;
  sequence: number;
  kind: TaskKind;
  message_kind: string | null;
  status: TaskStatus;
  language: string | null;
  letter_id: string | null;
  candidates: string[] | null;
  created_at: Date;
  closed_at: Date | null;
  attempts: number;
  outcome: TaskOutcome | null;
  last_attempt_at: Date | null;
  closed_by: string | null;
}

function toTask(r: TaskRow): CoordinatorTask {
  return {
    id: r.id,
    caseId: r.case_id,
    invitationId: r.invitation_id,
    concertationId: r.concertation_id,
    sequence: r.sequence,
    kind: r.kind,
    status: r.status,
    ...(r.message_kind ? { messageKind: r.message_kind } : {}),
    ...(r.language ? { language: r.language } : {}),
    ...(r.letter_id ? { letterId: r.letter_id } : {}),
    ...(r.candidates ? { candidates: r.candidates } : {}),
    createdAt: new Date(r.created_at),
    ...(r.closed_at ? { closedAt: new Date(r.closed_at) } : {}),
    attempts: Number(r.attempts ?? 0),
    ...(r.outcome ? { outcome: r.outcome } : {}),
    ...(r.last_attempt_at ? { lastAttemptAt: new Date(r.last_attempt_at) } : {}),
    ...(r.closed_by ? { closedBy: r.closed_by } : {}),
  };
}

/** The coordinator_tasks table. */
@Injectable()
export class SqlCoordinatorTaskRepository extends CoordinatorTaskRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async add(t: NewTask, at: Date): Promise<boolean> {
    const rows = await queryRows(
      this.uow.transaction.requireManager(),
      `INSERT INTO "${S}"."coordinator_tasks" ("id","idempotency_key","case_id","invitation_id","concertation_id","sequence","kind","message_kind","status","language","letter_id","letter_path","candidates","created_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'open',$9,$10,$11,$12,$13) ON CONFLICT ("idempotency_key") DO NOTHING RETURNING "id"`,
      [
        randomUUID(),
        t.idempotencyKey,
        t.caseId,
        t.invitationId,
        t.concertationId,
        t.sequence,
        t.kind,
        t.messageKind ?? null,
        t.language ?? null,
        t.letterId ?? null,
        t.letterPath ?? null,
        t.candidates ? JSON.stringify(t.candidates) : null,
        at,
      ],
    );
    return rows.length === 1;
  }

  async close(where: MootTasks, status: 'resolved' | 'superseded' | 'cancelled', at: Date): Promise<void> {
    const conditions = [`"status" = 'open'`];
    const params: unknown[] = [status, at];
    if (where.concertationId) {
      params.push(where.concertationId);
      conditions.push(`"concertation_id" = $${params.length}`);
    }
    if (where.invitationId) {
      params.push(where.invitationId);
      conditions.push(`"invitation_id" = $${params.length}`);
    }
    if (where.olderThanSequence !== undefined) {
      params.push(where.olderThanSequence);
      conditions.push(`"sequence" < $${params.length}`);
    }
    if (where.kinds) {
      params.push(where.kinds);
      conditions.push(`"kind" = ANY($${params.length}::varchar[])`);
    }
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "${S}"."coordinator_tasks" SET "status" = $1, "closed_at" = $2 WHERE ${conditions.join(' AND ')}`,
        params,
      );
  }

  async listForCase(caseId: string): Promise<CoordinatorTask[]> {
    const rows = await queryRows<TaskRow>(
      this.uow.manager,
      `SELECT * FROM "${S}"."coordinator_tasks" WHERE "case_id" = $1 ORDER BY "created_at", "id"`,
      [caseId],
    );
    return rows.map(toTask);
  }

  async findForCase(
    caseId: string,
    taskId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<CoordinatorTask | undefined> {
    const [row] = await queryRows<TaskRow>(
      this.uow.manager,
      `SELECT * FROM "${S}"."coordinator_tasks" WHERE "case_id" = $1 AND "id" = $2 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [caseId, taskId],
    );
    return row ? toTask(row) : undefined;
  }

  async recordProgress(taskId: string, p: TaskProgress): Promise<boolean> {
    const rows = await queryRows(
      this.uow.transaction.requireManager(),
      `UPDATE "${S}"."coordinator_tasks"
          SET "status" = $2, "attempts" = $3, "outcome" = $4, "last_attempt_at" = $5, "closed_by" = $6, "closed_at" = $7
        WHERE "id" = $1 AND "status" = 'open' RETURNING "id"`,
      [taskId, p.status, p.attempts, p.outcome, p.lastAttemptAt, p.closedBy ?? null, p.closedAt ?? null],
    );
    return rows.length === 1;
  }
}
