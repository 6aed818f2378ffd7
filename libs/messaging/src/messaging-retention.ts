import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '#concerto/persistence';

export interface MessagingRetentionOptions {
  schema: string;
  /** Published outbox rows are kept this long, to answer "was it sent, when" (ADR 0003). */
  outboxRetentionHours: number;
  /** Inbox entries are kept this long; longer than any topic keeps an event (checked by loadConfig). */
  inboxRetentionHours: number;
  /**
   * The schema's durable timers (ADR 0005) that fired or were cancelled this long ago are deleted too;
   * undefined for a schema without timers. A pending timer is never deleted.
   */
  settledTimerRetentionHours?: number;
  sweepIntervalMs: number;
  /** Rows deleted per statement, so a first sweep over a large backlog is many short transactions. Default 5000. */
  deleteBatchSize?: number;
}

export interface RetentionSweepResult {
  outboxRowsDeleted: number;
  inboxRowsDeleted: number;
  /** Present when the schema has timers. */
  timerRowsDeleted?: number;
}

/**
 * Deletes what the outbox, the inbox and the timers no longer need: outbox rows published long ago,
 * inbox entries older than any redelivery can be, timers settled long ago. Never an unpublished row
 * or a pending timer. Each table is swept in
 * batches of short DELETEs (no long transaction or lock, even over a large backlog), up to one
 * cut-off taken once from the database's clock (the one that wrote the timestamps), so several
 * replicas sweeping at once only repeat each other's work.
 */
export class MessagingRetention {
  private readonly logger = new Logger(MessagingRetention.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly opts: MessagingRetentionOptions,
  ) {}

  start(): void {
    this.stopped = false;
    // First sweep soon after start, spread so that services started together do not sweep together.
    const first = Math.min(this.opts.sweepIntervalMs, 30_000 + Math.floor(Math.random() * 30_000));
    this.timer = setTimeout(() => this.tick(), first);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<RetentionSweepResult> {
    const timerHours = this.opts.settledTimerRetentionHours;
    return {
      outboxRowsDeleted: await this.deleteOlderThan('outbox', '"published_at"', this.opts.outboxRetentionHours),
      inboxRowsDeleted: await this.deleteOlderThan('inbox', '"processed_at"', this.opts.inboxRetentionHours),
      ...(timerHours === undefined
        ? {}
        : {
            timerRowsDeleted: await this.deleteOlderThan('timers', 'coalesce("fired_at", "cancelled_at")', timerHours),
          }),
    };
  }

  /** A NULL timestamp (an outbox row not yet published, a timer still pending) is never older than anything. */
  private async deleteOlderThan(
    table: 'outbox' | 'inbox' | 'timers',
    settledAt: string,
    hours: number,
  ): Promise<number> {
    const batch = this.opts.deleteBatchSize ?? 5000;
    const [{ cutoff }] = await queryRows<{ cutoff: string }>(
      this.ds,
      `SELECT (now() - make_interval(hours => $1::int))::text AS cutoff`,
      [hours],
    );
    let total = 0;
    for (;;) {
      const rows = await queryRows<{ n: string }>(
        this.ds,
        `WITH gone AS (
           DELETE FROM "${this.opts.schema}"."${table}" WHERE ctid = ANY(ARRAY(
             SELECT ctid FROM "${this.opts.schema}"."${table}" WHERE ${settledAt} < $1::timestamptz LIMIT $2::int))
           RETURNING 1
         ) SELECT count(*)::text AS n FROM gone`,
        [cutoff, batch],
      );
      const deleted = Number(rows[0]?.n ?? 0);
      total += deleted;
      // A stop() during a long first sweep ends it after the current batch.
      if (deleted < batch || this.stopped) {
        return total;
      }
    }
  }

  private tick(): void {
    this.sweeping = this.sweep()
      .then((r) => {
        if (r.outboxRowsDeleted + r.inboxRowsDeleted + (r.timerRowsDeleted ?? 0) > 0) {
          this.logger.log({ msg: 'messaging retention sweep', schema: this.opts.schema, ...r });
        }
      })
      .catch((error: unknown) =>
        // The next sweep deletes what this one could not; nothing depends on it being on time.
        this.logger.warn({
          msg: 'messaging retention sweep failed',
          schema: this.opts.schema,
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        if (!this.stopped) {
          this.timer = setTimeout(() => this.tick(), this.opts.sweepIntervalMs);
          this.timer.unref();
        }
      });
  }
}
