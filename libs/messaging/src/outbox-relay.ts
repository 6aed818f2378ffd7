import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '#concerto/persistence';
import { MessageTransport } from './message-transport.port.js';

export interface OutboxRelayOptions {
  schema: string;
  pollIntervalMs: number;
  batchSize?: number;
  leaseMs?: number;
  /** Fault-injection hook for the reliability tests (R5): runs between publish and mark. */
  afterPublish?: () => void;
}

/**
 * Moves committed outbox rows to the transport. Rows are leased in a short transaction, published
 * outside any transaction, then marked; a crash between publish and mark re-publishes after the
 * lease, which consumers absorb through their inbox.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private draining?: Promise<void>;
  private again = false;

  constructor(
    private readonly ds: DataSource,
    private readonly transport: MessageTransport,
    private readonly opts: OutboxRelayOptions,
  ) {}

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    await this.draining;
  }

  /** Called after a commit that wrote outbox rows, so delivery does not wait for the next poll. */
  nudge(): void {
    if (!this.running) {
      return;
    }
    if (this.draining) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Publishes everything pending now; returns the number of rows published. Three things overlap:
   * the next batch is claimed and the previous one is marked while the current one is published
   * (claims are disjoint: their rows are leased). Batches are still published one after the
   * other, so per-key order holds. A mark that fails leaves its rows to be published again after
   * their lease: consumers absorb the repeat (inbox), nothing is lost.
   *
   * Order also holds across failures. A claim never reaches past a row that someone else still
   * leases (a crashed relay's batch, a batch whose mark failed): it waits for that lease to expire
   * and the row to be published first. When a publish fails, this relay gives its leases back at
   * once, so the retry starts again from the oldest row. Otherwise a later alert about a case
   * could reach Kafka before the alert that opens it, and its consumer would dead-letter it.
   */
  async drain(): Promise<number> {
    let total = 0;
    // Where a drain's time goes (debug log): waiting for a claim that was not ready yet, or publishing.
    const started = performance.now();
    let batches = 0;
    let claimWaitMs = 0;
    let publishMs = 0;
    // `next` and `marking` run while the current batch is published and are awaited only later:
    // each is marked as handled at once, or a database failure meanwhile (PostgreSQL restarting)
    // would be an unhandled rejection, which ends the process. drain() still reports it.
    let next = awaitedLater(this.claimBatch('0'));
    let marking: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const waitFrom = performance.now();
        const rows = await next;
        claimWaitMs += performance.now() - waitFrom;
        if (rows.length === 0) {
          if (total > 0) {
            this.logger.debug({ msg: 'outbox drained', schema: this.opts.schema, rows: total, batches, ms: Math.round(performance.now() - started), claimWaitMs: Math.round(claimWaitMs), publishMs: Math.round(publishMs) });
          }
          return total;
        }
        const seqs = rows.map((r) => r.seq);
        next = awaitedLater(this.claimBatch(seqs[seqs.length - 1]));
        const publishFrom = performance.now();
        try {
          await this.publish(rows);
          publishMs += performance.now() - publishFrom;
          batches++;
        } catch (error) {
          const inFlight = await next.catch(() => [] as ClaimedRow[]);
          await this.release([...seqs, ...inFlight.map((r) => r.seq)]).catch((releaseError: unknown) =>
            // Then the leases expire by themselves and the claim barrier keeps the order meanwhile.
            this.logger.warn({ msg: 'outbox leases not released after a failed publish', error: String(releaseError) }),
          );
          throw error;
        }
        this.opts.afterPublish?.();
        // Each batch is marked even if an earlier mark failed; the first failure is reported.
        marking = awaitedLater(
          marking.then(
            () => this.mark(seqs),
            (error: unknown) =>
              this.mark(seqs).then(() => {
                throw error;
              }),
          ),
        );
        total += rows.length;
      }
    } finally {
      await marking;
    }
  }

  private schedule(delay: number): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (!this.running || this.draining) {
      return;
    }
    this.draining = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.logger.warn({ msg: 'outbox relay failed, will retry', error: error instanceof Error ? error.message : String(error) });
      });
    await this.draining;
    this.draining = undefined;
    if (this.running) {
      this.schedule(this.again ? 0 : this.opts.pollIntervalMs);
      this.again = false;
    }
  }

  /**
   * Leases the oldest pending rows after `afterSeq` (the last row of this relay's batch in flight,
   * '0' for none), stopping before the first row that is still leased by someone else. Only the
   * next `batchSize` pending rows are looked at (the pending index, in order), so a claim costs
   * the same with ten or a million rows waiting. `= ANY(ARRAY(…))` rather than `IN (…)`: with the
   * statistics of a backlog that just arrived, the planner joined every pending row against the
   * batch (a 10 000-row backlog: 0.9 s per claim instead of 4 ms).
   */
  private async claimBatch(afterSeq: string): Promise<ClaimedRow[]> {
    const s = this.opts.schema;
    // Claims of several relays on one schema (two replicas during a rolling update) take turns,
    // so each sees the others' leases and none leases rows behind another's batch in flight.
    const rows = await this.ds.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`concerto:outbox-claim:${s}`]);
      return queryRows<ClaimedRow>(
        manager,
        `WITH "next" AS (
           SELECT "seq", "claimed_until" >= now() AS "leased" FROM "${s}"."outbox"
           WHERE "published_at" IS NULL AND "seq" > $3::bigint ORDER BY "seq" LIMIT $1),
         "claimable" AS (
           SELECT "seq" FROM "next" WHERE "seq" < COALESCE((SELECT min("seq") FROM "next" WHERE "leased"), 9223372036854775807))
         UPDATE "${s}"."outbox" SET "claimed_until" = now() + ($2::int * interval '1 millisecond'), "attempts" = "attempts" + 1
         WHERE "seq" = ANY(ARRAY(SELECT "seq" FROM "claimable")) AND "published_at" IS NULL
         RETURNING "seq","topic","message_key","envelope"::text AS "envelope","envelope"->>'id' AS "ce_id","envelope"->>'type' AS "ce_type","envelope"->>'correlationid' AS "correlation_id"`,
        [this.opts.batchSize ?? 500, this.opts.leaseMs ?? 30000, afterSeq],
      );
    });
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq));
  }

  private async release(seqs: string[]): Promise<void> {
    if (seqs.length > 0) {
      await this.ds.query(`UPDATE "${this.opts.schema}"."outbox" SET "claimed_until" = NULL WHERE "seq" = ANY($1::bigint[]) AND "published_at" IS NULL`, [seqs]);
    }
  }

  /** The stored envelope goes out as stored (jsonb text): no parse and re-serialisation per row. */
  private async publish(rows: ClaimedRow[]): Promise<void> {
    await this.transport.publish(
      rows.map((r) => ({
        topic: r.topic,
        key: r.message_key,
        value: r.envelope,
        headers: { 'ce-id': r.ce_id, 'ce-type': r.ce_type, 'x-correlation-id': r.correlation_id },
      })),
    );
  }

  private async mark(seqs: string[]): Promise<void> {
    await this.ds.query(`UPDATE "${this.opts.schema}"."outbox" SET "published_at" = now() WHERE "seq" = ANY($1::bigint[])`, [seqs]);
  }
}

/** Lets a promise reject before anyone awaits it without that counting as unhandled; its awaiter still gets the error. */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

interface ClaimedRow {
  seq: string;
  topic: string;
  message_key: string;
  /** The envelope as JSON text. */
  envelope: string;
  ce_id: string;
  ce_type: string;
  correlation_id: string;
}
