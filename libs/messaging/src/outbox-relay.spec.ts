import { PGlite } from '@electric-sql/pglite';
import type { DataSource } from 'typeorm';
import { expectEventually } from '#concerto/testing';
import { MessageTransport, type Subscription, type TransportMessage } from './message-transport.port.js';
import { outboxRelayLeaseTableSql, outboxTableSql } from './messaging-tables.sql.js';
import { OutboxRelay } from './outbox-relay.js';

/** Records what reaches "Kafka"; fails the publishes it is told to fail. */
class RecordingTransport extends MessageTransport {
  readonly published: string[] = [];
  failNext = 0;
  async publish(messages: TransportMessage[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('broker not available');
    }
    this.published.push(...messages.map((m) => JSON.parse(m.value) as { id: string }).map((e) => e.id));
  }
  subscribe(_subscription: Subscription): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

describe('OutboxRelay order and exclusivity across failures (PostgreSQL semantics through PGlite)', () => {
  let db: PGlite;
  let ds: DataSource;

  beforeEach(async () => {
    db = new PGlite();
    await db.exec('CREATE SCHEMA "svc"');
    for (const sql of [...outboxTableSql('svc'), ...outboxRelayLeaseTableSql('svc')]) {
      await db.exec(sql);
    }
    // Only what the relay uses of a TypeORM DataSource.
    const runner = (q: Pick<PGlite, 'query'>) => ({
      query: async (sql: string, params: unknown[] = []) => (await q.query(sql, params)).rows,
    });
    ds = {
      ...runner(db),
      transaction: (work: (m: unknown) => Promise<unknown>) => db.transaction((tx) => work(runner(tx))),
    } as unknown as DataSource;
  });
  afterEach(() => db.close());

  const insert = async (ids: string[]) => {
    for (const id of ids) {
      await db.query(
        `INSERT INTO "svc"."outbox" ("event_id","topic","message_key","envelope") VALUES (gen_random_uuid(), 't', 'case-1', $1)`,
        [JSON.stringify({ id, type: 'alert.raised', correlationid: 'c' })],
      );
    }
  };
  const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `e${from + i}`);
  /** A relay that dies right after its first publish (R5), leaving the rows unmarked. */
  const crashBetweenPublishAndMark = async (batchSize: number) => {
    const crashed = new OutboxRelay(ds, new RecordingTransport(), {
      schema: 'svc',
      pollIntervalMs: 60000,
      batchSize,
      afterPublish: () => {
        throw new Error('killed between publish and mark');
      },
    });
    await expect(crashed.drain()).rejects.toThrow('killed');
  };

  it('publishes in order, in batches, and marks every row', async () => {
    const transport = new RecordingTransport();
    const relay = new OutboxRelay(ds, transport, { schema: 'svc', pollIntervalMs: 1000, batchSize: 3 });
    await insert(ids(8));
    expect(await relay.drain()).toBe(8);
    expect(transport.published).toEqual(ids(8));
    expect((await db.query(`SELECT count(*)::int AS n FROM "svc"."outbox" WHERE "published_at" IS NULL`)).rows).toEqual(
      [{ n: 0 }],
    );
  });

  it('starts again from the oldest row after a failed publish, not from the rows after it', async () => {
    const transport = new RecordingTransport();
    const relay = new OutboxRelay(ds, transport, { schema: 'svc', pollIntervalMs: 1000, batchSize: 3 });
    await insert(ids(8));
    transport.failNext = 1;
    await expect(relay.drain()).rejects.toThrow('broker not available');
    expect(transport.published).toEqual([]);
    expect(await relay.drain()).toBe(8);
    expect(transport.published).toEqual(ids(8));
  });

  it('lets one relay publish at a time: another relay gets nothing while the first is in a backlog', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let publishing!: () => void;
    const started = new Promise<void>((r) => (publishing = r));
    class HeldTransport extends RecordingTransport {
      override async publish(messages: TransportMessage[]): Promise<void> {
        publishing();
        await held;
        await super.publish(messages);
      }
    }
    const first = new HeldTransport();
    const second = new RecordingTransport();
    const a = new OutboxRelay(ds, first, { schema: 'svc', pollIntervalMs: 60000, batchSize: 2 });
    const b = new OutboxRelay(ds, second, { schema: 'svc', pollIntervalMs: 60000, batchSize: 2 });
    await insert(ids(6));
    const draining = a.drain();
    await started;
    expect(await b.drain()).toBe(0);
    release();
    expect(await draining).toBe(6);
    // The claim that found nothing left gave the lease back: the other relay takes over at once.
    await insert(ids(2, 7));
    expect(await b.drain()).toBe(2);
    expect([first.published, second.published]).toEqual([ids(6), ids(2, 7)]);
  });

  it('gives the lease back when it stops, so a replica that replaces it (rolling update) need not wait for it to run out', async () => {
    const first = new RecordingTransport();
    const second = new RecordingTransport();
    const a = new OutboxRelay(ds, first, { schema: 'svc', pollIntervalMs: 60000, batchSize: 2 });
    const b = new OutboxRelay(ds, second, { schema: 'svc', pollIntervalMs: 60000, batchSize: 2 });
    await insert(ids(5));
    // A failed publish in the middle of a backlog leaves the lease held (30 s by default).
    first.failNext = 1;
    await expect(a.drain()).rejects.toThrow('broker not available');
    expect(await b.drain()).toBe(0);
    await a.stop();
    expect(await b.drain()).toBe(5);
    expect(second.published).toEqual(ids(5));
  });

  it('writes nothing when it polls an empty outbox', async () => {
    const relay = new OutboxRelay(ds, new RecordingTransport(), { schema: 'svc', pollIntervalMs: 60000 });
    const version = async () =>
      (await db.query<{ xmin: string }>(`SELECT "xmin"::text FROM "svc"."outbox_relay"`)).rows[0].xmin;
    const before = await version();
    expect(await relay.drain()).toBe(0);
    expect(await relay.drain()).toBe(0);
    expect(await version()).toBe(before);
  });

  it('after a relay crashed between publish and mark, publishes nothing before its lease ran out, then everything again in order', async () => {
    const transport = new RecordingTransport();
    await insert(ids(5));
    await crashBetweenPublishAndMark(3);
    const relay = new OutboxRelay(ds, transport, { schema: 'svc', pollIntervalMs: 60000, batchSize: 10 });
    expect(await relay.drain()).toBe(0);
    await db.query(`UPDATE "svc"."outbox_relay" SET "lease_until" = now() - interval '1 second'`);
    expect(await relay.drain()).toBe(5);
    expect(transport.published).toEqual(ids(5));
    expect((await db.query(`SELECT "attempts" FROM "svc"."outbox" ORDER BY "seq"`)).rows).toEqual(
      ids(5).map(() => ({ attempts: 1 })),
    );
  });

  it('after a relay crashed during the last batch of a drain, publishes at once: it held no lease', async () => {
    await insert(ids(5));
    await crashBetweenPublishAndMark(10);
    const transport = new RecordingTransport();
    const relay = new OutboxRelay(ds, transport, { schema: 'svc', pollIntervalMs: 60000, batchSize: 10 });
    expect(await relay.drain()).toBe(5);
    expect(transport.published).toEqual(ids(5));
  });

  it('keeps the first copy of every row in order when a stalled relay outlives its lease and another takes over', async () => {
    const arrived: string[] = [];
    let unstall!: () => void;
    const stalled = new Promise<void>((r) => (unstall = r));
    let enteredStall!: () => void;
    const inStall = new Promise<void>((r) => (enteredStall = r));
    // Both relays publish to the same broker; the stalled one's first batch hangs (GC pause, slow broker).
    class SharedBroker extends RecordingTransport {
      constructor(private readonly stallFirst: boolean) {
        super();
      }
      override async publish(messages: TransportMessage[]): Promise<void> {
        if (this.stallFirst && this.published.length === 0) {
          enteredStall();
          await stalled;
        }
        await super.publish(messages);
        arrived.push(...messages.map((m) => (JSON.parse(m.value) as { id: string }).id));
      }
    }
    // The stalled relay's claims are counted, so the test knows when its pipelined claim (which renews
    // the lease) is over instead of guessing how long it takes on a loaded machine.
    let slowClaimsInFlight = 0;
    const slowDs = {
      ...ds,
      query: async (sql: string, params?: unknown[]) => {
        const claim = /WITH "pending"/.test(sql);
        slowClaimsInFlight += claim ? 1 : 0;
        try {
          return await ds.query(sql, params);
        } finally {
          slowClaimsInFlight -= claim ? 1 : 0;
        }
      },
    } as unknown as DataSource;
    const slow = new OutboxRelay(slowDs, new SharedBroker(true), {
      schema: 'svc',
      pollIntervalMs: 60000,
      batchSize: 2,
      leaseMs: 1,
    });
    const other = new OutboxRelay(ds, new SharedBroker(false), {
      schema: 'svc',
      pollIntervalMs: 60000,
      batchSize: 2,
      leaseMs: 1,
    });
    await insert(ids(6));
    const slowDrain = slow.drain();
    await inStall;
    // The stalled relay outlives its lease: nothing of it is in flight and its lease has run out.
    await expectEventually(async () => {
      expect(slowClaimsInFlight).toBe(0);
      expect((await db.query(`SELECT "lease_until" < now() AS "over" FROM "svc"."outbox_relay"`)).rows).toEqual([
        { over: true },
      ]);
    });
    expect(await other.drain()).toBe(6);
    unstall();
    await slowDrain;
    await insert(ids(2, 7));
    await other.drain();
    await slow.drain();
    const firstCopies = arrived.filter((id, i) => arrived.indexOf(id) === i);
    expect(firstCopies).toEqual(ids(8));
    expect((await db.query(`SELECT count(*)::int AS n FROM "svc"."outbox" WHERE "published_at" IS NULL`)).rows).toEqual(
      [{ n: 0 }],
    );
  });

  // The test commands run node with --unhandled-rejections=strict, as a service process would end on
  // one: a rejection nobody handles within the turn fails the test even if it is awaited later.
  describe('a database failure while a batch is in flight', () => {
    // One turn of the event loop: Node reports a rejection nobody handled once the microtasks have run.
    const nextTurn = () => new Promise<void>((r) => setImmediate(r));

    /**
     * A publish that is still in flight (as Kafka's is) when the database failure happens: the
     * publish of batch `n` returns only after `failed` settled and the event loop turned over, so a
     * rejection left unhandled meanwhile would surface before drain() awaits it.
     */
    class SlowTransport extends RecordingTransport {
      constructor(
        private readonly failed: Promise<void>,
        private readonly duringBatch: number,
      ) {
        super();
      }
      private batches = 0;
      override async publish(messages: TransportMessage[]): Promise<void> {
        if (this.batches++ === this.duringBatch) {
          await this.failed;
        }
        await nextTurn();
        await nextTurn();
        await super.publish(messages);
      }
    }
    /** A database that fails the `nth` statement matching `pattern`; `failed` settles once it has. */
    const failingOnce = (pattern: RegExp, nth: number) => {
      let seen = 0;
      let signal!: () => void;
      const failed = new Promise<void>((r) => (signal = r));
      const failing = {
        ...ds,
        query: (sql: string, params?: unknown[]) => {
          if (pattern.test(sql) && ++seen === nth) {
            signal();
            return Promise.reject(new Error('read ECONNRESET'));
          }
          return ds.query(sql, params);
        },
      } as unknown as DataSource;
      return { failing, failed };
    };

    it('reports a failed pipelined claim through drain(), never as an unhandled rejection (which ends the process)', async () => {
      // The second claim starts while the first batch is being published; PostgreSQL is gone (R6).
      const { failing, failed } = failingOnce(/WITH "pending"/, 2);
      const transport = new SlowTransport(failed, 0);
      const relay = new OutboxRelay(failing, transport, { schema: 'svc', pollIntervalMs: 1000, batchSize: 3 });
      await insert(ids(5));
      await expect(relay.drain()).rejects.toThrow('read ECONNRESET');
      // The batch in flight was published and marked; the rest goes out with the next drain.
      expect(transport.published).toEqual(ids(3));
      expect(await relay.drain()).toBe(2);
      expect(transport.published).toEqual(ids(5));
    });

    it('reports a failed mark through drain(), never as an unhandled rejection', async () => {
      // The first batch's mark fails while the second batch is being published.
      const { failing, failed } = failingOnce(/SET "published_at" = now\(\)/, 1);
      const transport = new SlowTransport(failed, 1);
      const relay = new OutboxRelay(failing, transport, { schema: 'svc', pollIntervalMs: 1000, batchSize: 3 });
      await insert(ids(5));
      await expect(relay.drain()).rejects.toThrow('read ECONNRESET');
      // Both batches went out; the next drain publishes the unmarked one again (consumers' inboxes absorb it).
      expect(transport.published).toEqual(ids(5));
      expect(await relay.drain()).toBe(3);
      expect(transport.published).toEqual([...ids(5), ...ids(3)]);
    });
  });
});
