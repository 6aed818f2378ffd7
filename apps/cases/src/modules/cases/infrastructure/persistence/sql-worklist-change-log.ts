import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { CASES_DB } from '../../../../cases.tokens.js';
import { type WorklistChange, WorklistChangeLog, WorklistFeed } from '../../application/worklist-feed.js';

const S = 'cases';
/** A sequence number skipped by a commit still in flight is looked for this long (then it was a rollback). */
const GAP_PATIENCE_MS = 60_000;
/** Rows older than this are deleted: a stream only tells what happens while it is connected. */
const RETENTION = `interval '10 minutes'`;
const PRUNE_EVERY_MS = 60_000;

/** Writes one change row in the ambient transaction: it becomes visible to every replica at commit. */
@Injectable()
export class SqlWorklistChangeLog extends WorklistChangeLog {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async record(c: WorklistChange): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "${S}"."worklist_changes"
         ("case_id","bassin_id","reference_bassin","status","urgency","owner_id","pending_signals","change")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [c.caseId, c.bassinId, c.referenceBassin, c.status, c.urgency, c.ownerId, c.pendingSignals, c.change],
    );
  }
}

interface Row {
  seq: string;
  case_id: string;
  bassin_id: string;
  reference_bassin: string;
  status: string;
  urgency: string;
  owner_id: string;
  pending_signals: number;
  change: string;
}

/**
 * This replica's reader of the shared change log: it publishes to its own worklist streams every
 * change committed by any replica, from the moment it started. Sequence numbers are taken in
 * insertion order but become visible in commit order, so a number skipped over is remembered and
 * looked for again until it shows up or `GAP_PATIENCE_MS` passed (a rolled-back transaction's).
 */
@Injectable()
export class WorklistChangeTailer {
  private readonly logger = new Logger(WorklistChangeTailer.name);
  private cursor?: number;
  private readonly gaps = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastPrune = 0;

  constructor(
    @Inject(CASES_DB) private readonly ds: DataSource,
    private readonly feed: WorklistFeed,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async start(): Promise<void> {
    const [row] = await queryRows<{ max: string | null }>(
      this.ds.manager,
      `SELECT max("seq") AS "max" FROM "${S}"."worklist_changes"`,
    );
    this.cursor = Number(row?.max ?? 0);
    this.timer = setInterval(() => {
      this.running ??= this.poll()
        .catch((error: unknown) =>
          this.logger.warn({ msg: 'worklist change log read failed', error: (error as Error).message }),
        )
        .finally(() => (this.running = undefined));
    }, this.config.WORKLIST_FEED_POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One read of the log; exposed for tests that want a read now rather than at the next tick. */
  async poll(): Promise<void> {
    if (this.cursor === undefined) {
      return;
    }
    const now = Date.now();
    for (const [seq, since] of this.gaps) {
      if (now - since > GAP_PATIENCE_MS) {
        this.gaps.delete(seq);
      }
    }
    const rows = await queryRows<Row>(
      this.ds.manager,
      `SELECT * FROM "${S}"."worklist_changes" WHERE "seq" > $1 OR "seq" = ANY($2::bigint[]) ORDER BY "seq"`,
      [this.cursor, [...this.gaps.keys()]],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      if (this.gaps.delete(seq)) {
        this.publish(r);
        continue;
      }
      if (seq <= this.cursor) {
        continue;
      }
      // Bounded: a jump far ahead (a sequence cache, a restore) is not worth thousands of entries.
      for (let missing = Math.max(this.cursor + 1, seq - 1000); missing < seq; missing++) {
        this.gaps.set(missing, now);
      }
      this.cursor = seq;
      this.publish(r);
    }
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.ds.query(
        `DELETE FROM "${S}"."worklist_changes" WHERE "written_at" < clock_timestamp() - ${RETENTION}`,
      );
    }
  }

  private publish(r: Row): void {
    this.feed.publish({
      caseId: r.case_id,
      bassinId: r.bassin_id,
      referenceBassin: r.reference_bassin,
      status: r.status,
      urgency: r.urgency,
      ownerId: r.owner_id,
      pendingSignals: Number(r.pending_signals),
      change: r.change,
    });
  }
}
