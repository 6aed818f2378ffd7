import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId, runWithCorrelation } from '#concerto/observability';
import { queryRows } from '#concerto/persistence';
import { TimerQueue } from './timer-queue.js';

export interface DueTimer {
  id: string;
  kind: string;
  subjectId: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  correlationId: string;
}

/** Runs inside the firing transaction (ambient: repositories, the outbox and timers join it). */
export type TimerHandler = (timer: DueTimer) => Promise<void>;

export interface TimerRequest {
  kind: string;
  subjectId: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

interface TimerRow {
  id: string;
  kind: string;
  subject_id: string;
  due_at: Date;
  payload: Record<string, unknown>;
  correlation_id: string;
}

/**
 * Durable timers: a row in the service's schema is the truth; a BullMQ delayed job is only the
 * alarm clock. A periodic sweep fires whatever is due (covering lost jobs, clock changes and
 * restarts) and the reconciler re-adds missing jobs under the same job id.
 */
export class DurableTimers {
  private readonly logger = new Logger(DurableTimers.name);
  private readonly handlers = new Map<string, TimerHandler>();
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly schema: string,
    private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly queue: TimerQueue,
    private readonly clock: Clock,
    private readonly sweepIntervalMs: number,
  ) {}

  on(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  async start(): Promise<void> {
    await this.queue.start((data) =>
      runWithCorrelation({ correlationId: data.correlationId }, () => this.fire(data.timerId).then(() => undefined)),
    );
    await this.reconcile();
    await this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep().catch(() => undefined), this.sweepIntervalMs);
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) {
      clearInterval(this.sweepTimer);
    }
    await this.sweeping?.catch(() => undefined);
    await this.queue.stop();
  }

  /** Schedules a timer in the open transaction; its alarm job is enqueued after the commit. */
  async schedule(timer: TimerRequest): Promise<string> {
    const id = randomUUID();
    const correlationId = currentCorrelationId();
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "${this.schema}"."timers" ("id","kind","subject_id","due_at","payload","correlation_id") VALUES ($1,$2,$3,$4,$5,$6)`,
        [id, timer.kind, timer.subjectId, timer.dueAt, JSON.stringify(timer.payload ?? {}), correlationId],
      );
    this.uow.afterCommit(() =>
      this.queue
        .enqueue({ timerId: id, correlationId }, timer.dueAt.getTime() - this.clock.now().getTime())
        .catch((error: unknown) =>
          // The sweep and the reconciler still fire it: the row is committed.
          this.logger.warn({
            msg: 'timer job not enqueued, the sweep will fire it',
            timerId: id,
            error: String(error),
          }),
        ),
    );
    return id;
  }

  /** Cancels the pending timers of that kind for a subject, in the open transaction. */
  async cancel(subjectId: string, kind: string): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "${this.schema}"."timers" SET "cancelled_at" = $3 WHERE "subject_id" = $1 AND "kind" = $2 AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
        [subjectId, kind, this.clock.now()],
      );
  }

  /** Fires one timer if it is due and still pending; safe to call twice. */
  async fire(timerId: string): Promise<'fired' | 'not-due' | 'gone'> {
    return this.uow.run(async () => {
      const manager = this.uow.transaction.requireManager();
      const rows = await queryRows<TimerRow>(
        manager,
        `SELECT "id","kind","subject_id","due_at","payload","correlation_id" FROM "${this.schema}"."timers"
         WHERE "id" = $1 AND "fired_at" IS NULL AND "cancelled_at" IS NULL FOR UPDATE SKIP LOCKED`,
        [timerId],
      );
      const row = rows[0];
      if (!row) {
        return 'gone' as const;
      }
      if (new Date(row.due_at).getTime() > this.clock.now().getTime()) {
        return 'not-due' as const;
      }
      const handler = this.handlers.get(row.kind);
      if (!handler) {
        throw new Error(`no handler for timer kind ${row.kind}`);
      }
      const timer: DueTimer = {
        id: row.id,
        kind: row.kind,
        subjectId: row.subject_id,
        dueAt: new Date(row.due_at),
        payload: row.payload,
        correlationId: row.correlation_id,
      };
      await runWithCorrelation({ correlationId: row.correlation_id, causationId: row.id }, () => handler(timer));
      await manager.query(`UPDATE "${this.schema}"."timers" SET "fired_at" = $2 WHERE "id" = $1`, [
        row.id,
        this.clock.now(),
      ]);
      return 'fired' as const;
    });
  }

  /** Fires every timer due by the clock's now; returns how many fired. */
  sweep(): Promise<number> {
    if (!this.sweeping) {
      this.sweeping = this.sweepOnce().finally(() => {
        this.sweeping = undefined;
      });
    }
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const due = await queryRows<{ id: string }>(
      this.ds,
      `SELECT "id" FROM "${this.schema}"."timers" WHERE "fired_at" IS NULL AND "cancelled_at" IS NULL AND "due_at" <= $1 ORDER BY "due_at" LIMIT 500`,
      [this.clock.now()],
    );
    let fired = 0;
    for (const { id } of due) {
      try {
        if ((await this.fire(id)) === 'fired') {
          fired++;
        }
      } catch (error) {
        this.logger.error({
          msg: 'timer failed to fire',
          timerId: id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return fired;
  }

  /** Re-adds a job for every pending timer (same job id, so existing jobs are left alone). */
  async reconcile(): Promise<number> {
    const pending = await queryRows<{ id: string; due_at: Date; correlation_id: string }>(
      this.ds,
      `SELECT "id","due_at","correlation_id" FROM "${this.schema}"."timers" WHERE "fired_at" IS NULL AND "cancelled_at" IS NULL`,
    );
    for (const t of pending) {
      await this.queue.enqueue(
        { timerId: t.id, correlationId: t.correlation_id },
        new Date(t.due_at).getTime() - this.clock.now().getTime(),
      );
    }
    return pending.length;
  }
}
