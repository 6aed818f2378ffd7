import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '#concerto/persistence';
import { MessageTransport } from './message-transport.port.js';
import { structuredEventHeaders } from './cloudevents-kafka.js';

export interface OutboxRelayOptions {
  schema: string;
  pollIntervalMs: number;
  batchSize?: number;
  leaseMs?: number;
  /** Fault-injection hook for the reliability tests (R5): runs between publish and mark. */
  afterPublish?: () => void;
}

/**
 * Moves committed outbox rows to the transport. One relay at a time publishes a schema's outbox:
 * the one holding its lease (`outbox_relay`), which every claim that finds rows renews. It reads
 * rows in `seq` order, publishes them outside any transaction, then marks them. A crash between
 * publish and mark re-publishes them (once the crashed relay's lease has run out, if it held one),
 * and consumers absorb the repeat through their inbox.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  /** Who this relay is in `outbox_relay.holder`: a new identity per process, never shared. */
  private readonly holder = randomUUID();
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

  /** Stops, then gives the lease back, so a relay in another process (rolling update) takes over at once. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    await this.draining;
    await this.ds
      .query(
        `UPDATE "${this.opts.schema}"."outbox_relay" SET "lease_until" = NULL WHERE "name" = 'outbox' AND "holder" = $1::uuid`,
        [this.holder],
      )
      .catch((error: unknown) =>
        // The lease then runs out by itself.
        this.logger.warn({
          msg: 'outbox relay lease not given back at shutdown',
          error: error instanceof Error ? error.message : String(error),
        }),
      );
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
   * Publishes everything pending now, if this relay holds the lease; returns the number of rows
   * published. Three things overlap: the next batch is claimed and the previous one is marked
   * while the current one is published. Batches are still published one after the other, so
   * per-key order holds.
   *
   * Order also holds across failures, because every drain starts again from the oldest row not
   * yet marked. When a publish fails, the drain ends; the next one starts from that batch. When a
   * mark fails, the later batches still go out and the next drain publishes the unmarked one
   * again (consumers absorb the repeat through their inbox). When a relay crashes, no other relay
   * publishes anything before its lease runs out (if it held one), and then starts from the
   * oldest unmarked row. When a stalled relay outlives its lease and another takes over, both
   * publish for a while, each in order from a row no later than any unmarked one. So the first
   * copy of every row reaches the transport in `seq` order; otherwise a later alert about a case
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
            this.logger.debug({
              msg: 'outbox drained',
              schema: this.opts.schema,
              rows: total,
              batches,
              ms: Math.round(performance.now() - started),
              claimWaitMs: Math.round(claimWaitMs),
              publishMs: Math.round(publishMs),
            });
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
          // Nothing to give back: the next drain starts again from this batch. It must not overlap
          // with this drain's claim, which is still running.
          await next.catch(() => undefined);
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
        this.logger.warn({
          msg: 'outbox relay failed, will retry',
          error: error instanceof Error ? error.message : String(error),
        });
      });
    await this.draining;
    this.draining = undefined;
    if (this.running) {
      this.schedule(this.again ? 0 : this.opts.pollIntervalMs);
      this.again = false;
    }
  }

  /**
   * Reads the oldest unmarked rows after `afterSeq` (the last row of the batch in flight, '0' for
   * none) and returns them if this relay holds the outbox's lease, taking or renewing it. One
   * statement, one row written: the lease is per outbox, not per row (ADR 0003: a per-row lease
   * made the claim cost as much as publishing the batch). Two relays that take the lease at the
   * same moment queue on its row; the second then sees the first one's lease and gets nothing.
   *
   * The lease is held only while there is something left to read: the claim that finds nothing
   * gives it back (and an idle poll writes nothing). So a relay that crashes while the service is
   * quiet, or during the last batch of a drain, delays nobody; only a crash in the middle of a
   * backlog makes the next relay wait for the lease to run out.
   */
  private async claimBatch(afterSeq: string): Promise<ClaimedRow[]> {
    const s = this.opts.schema;
    return queryRows<ClaimedRow>(
      this.ds,
      `WITH "pending" AS (
         SELECT "seq","topic","message_key","envelope"::text AS "envelope","envelope"->>'id' AS "ce_id"
         FROM "${s}"."outbox" WHERE "published_at" IS NULL AND "seq" > $3::bigint ORDER BY "seq" LIMIT $1),
       "lease" AS (
         UPDATE "${s}"."outbox_relay"
         SET "holder" = $4::uuid, "lease_until" = CASE WHEN EXISTS (SELECT 1 FROM "pending") THEN now() + ($2::int * interval '1 millisecond') END
         WHERE "name" = 'outbox' AND ("holder" = $4::uuid OR "lease_until" IS NULL OR "lease_until" < now())
           AND (EXISTS (SELECT 1 FROM "pending") OR ("holder" = $4::uuid AND "lease_until" IS NOT NULL))
         RETURNING "lease_until")
       SELECT * FROM "pending" WHERE EXISTS (SELECT 1 FROM "lease" WHERE "lease_until" IS NOT NULL) ORDER BY "seq"`,
      [this.opts.batchSize ?? 500, this.opts.leaseMs ?? 30000, afterSeq, this.holder],
    );
  }

  /** The stored envelope goes out as stored (jsonb text): no parse and re-serialisation per row. */
  private async publish(rows: ClaimedRow[]): Promise<void> {
    await this.transport.publish(
      rows.map((r) => ({
        topic: r.topic,
        key: r.message_key,
        value: r.envelope,
        headers: structuredEventHeaders(r.ce_id),
      })),
    );
  }

  /** `attempts` counts the publishes that were confirmed by a mark; the first mark's time is kept. */
  private async mark(seqs: string[]): Promise<void> {
    await this.ds.query(
      `UPDATE "${this.opts.schema}"."outbox" SET "published_at" = now(), "attempts" = "attempts" + 1 WHERE "seq" = ANY($1::bigint[]) AND "published_at" IS NULL`,
      [seqs],
    );
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
}
