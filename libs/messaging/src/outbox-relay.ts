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
   */
  async drain(): Promise<number> {
    let total = 0;
    let next = this.claimBatch();
    let marking: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const rows = await next;
        if (rows.length === 0) {
          return total;
        }
        next = this.claimBatch();
        try {
          await this.publish(rows);
        } catch (error) {
          // Leased rows of the claim in flight are retried after their lease; surface the failure.
          await next.catch(() => undefined);
          throw error;
        }
        this.opts.afterPublish?.();
        const seqs = rows.map((r) => r.seq);
        // Each batch is marked even if an earlier mark failed; the first failure is reported.
        marking = marking.then(
          () => this.mark(seqs),
          (error: unknown) =>
            this.mark(seqs).then(() => {
              throw error;
            }),
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

  private async claimBatch(): Promise<ClaimedRow[]> {
    const s = this.opts.schema;
    const rows = await queryRows<ClaimedRow>(
      this.ds,
      `UPDATE "${s}"."outbox" SET "claimed_until" = now() + ($2::int * interval '1 millisecond'), "attempts" = "attempts" + 1
       WHERE "seq" IN (
         SELECT "seq" FROM "${s}"."outbox"
         WHERE "published_at" IS NULL AND ("claimed_until" IS NULL OR "claimed_until" < now())
         ORDER BY "seq" LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING "seq","topic","message_key","envelope"::text AS "envelope","envelope"->>'id' AS "ce_id","envelope"->>'type' AS "ce_type","envelope"->>'correlationid' AS "correlation_id"`,
      [this.opts.batchSize ?? 500, this.opts.leaseMs ?? 30000],
    );
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq));
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
