import { PGlite } from '@electric-sql/pglite';
import type { DataSource } from 'typeorm';
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
    const runner = (q: Pick<PGlite, 'query'>) => ({ query: async (sql: string, params: unknown[] = []) => (await q.query(sql, params)).rows });
    ds = { ...runner(db), transaction: (work: (m: unknown) => Promise<unknown>) => db.transaction((tx) => work(runner(tx))) } as unknown as DataSource;
  });
  afterEach(() => db.close());

  const insert = async (ids: string[]) => {
    for (const id of ids) {
      await db.query(`INSERT INTO "svc"."outbox" ("event_id","topic","message_key","envelope") VALUES (gen_random_uuid(), 't', 'case-1', $1)`, [
        JSON.stringify({ id, type: 'alert.raised', correlationid: 'c' }),
      ]);
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
    expect((await db.query(`SELECT count(*)::int AS n FROM "svc"."outbox" WHERE "published_at" IS NULL`)).rows).toEqual([{ n: 0 }]);
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
    const version = async () => (await db.query<{ xmin: string }>(`SELECT "xmin"::text FROM "svc"."outbox_relay"`)).rows[0].xmin;
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
    expect((await db.query(`SELECT "attempts" FROM "svc"."outbox" ORDER BY "seq"`)).rows).toEqual(ids(5).map(() => ({ attempts: 1 })));
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
    // Both relays publish to the same broker; the stalled one's first batch hangs (GC pause, slow broker).
    class SharedBroker extends RecordingTransport {
      constructor(private readonly stallFirst: boolean) {
        super();
      }
      override async publish(messages: TransportMessage[]): Promise<void> {
        if (this.stallFirst && this.published.length === 0) {
          await stalled;
        }
        await super.publish(messages);
        arrived.push(...messages.map((m) => (JSON.parse(m.value) as { id: string }).id));
      }
    }
    const slow = new OutboxRelay(ds, new SharedBroker(true), { schema: 'svc', pollIntervalMs: 60000, batchSize: 2, leaseMs: 1 });
    const other = new OutboxRelay(ds, new SharedBroker(false), { schema: 'svc', pollIntervalMs: 60000, batchSize: 2, leaseMs: 1 });
    await insert(ids(6));
    const slowDrain = slow.drain();
    await new Promise((r) => setTimeout(r, 30));
    expect(await other.drain()).toBe(6);
    unstall();
    await slowDrain;
    await insert(ids(2, 7));
    await other.drain();
    await slow.drain();
    const firstCopies = arrived.filter((id, i) => arrived.indexOf(id) === i);
    expect(firstCopies).toEqual(ids(8));
    expect((await db.query(`SELECT count(*)::int AS n FROM "svc"."outbox" WHERE "published_at" IS NULL`)).rows).toEqual([{ n: 0 }]);
  });

  // The test commands run node with --unhandled-rejections=strict, as a service process would end on
  // one: a rejection nobody handles within the turn fails the test even if it is awaited later.
  describe('a database failure while a batch is in flight', () => {
    const nextMacrotask = () => new Promise<void>((r) => setTimeout(r, 20));

    // A publish that takes a while (as Kafka does), so the pipelined claim or the mark fails meanwhile.
    class SlowTransport extends RecordingTransport {
      override async publish(messages: TransportMessage[]): Promise<void> {
        await nextMacrotask();
        await nextMacrotask();
        await super.publish(messages);
      }
    }

    it('reports a failed pipelined claim through drain(), never as an unhandled rejection (which ends the process)', async () => {
      const transport = new SlowTransport();
      let claims = 0;
      const failing = {
        ...ds,
        // The second claim starts while the first batch is being published; PostgreSQL is gone (R6).
        query: (sql: string, params?: unknown[]) => (/WITH "pending"/.test(sql) && ++claims === 2 ? Promise.reject(new Error('read ECONNRESET')) : ds.query(sql, params)),
      } as unknown as DataSource;
      const relay = new OutboxRelay(failing, transport, { schema: 'svc', pollIntervalMs: 1000, batchSize: 3 });
      await insert(ids(5));
      await expect(relay.drain()).rejects.toThrow('read ECONNRESET');
      // The batch in flight was published and marked; the rest goes out with the next drain.
      expect(transport.published).toEqual(ids(3));
      expect(await relay.drain()).toBe(2);
      expect(transport.published).toEqual(ids(5));
    });

    it('reports a failed mark through drain(), never as an unhandled rejection', async () => {
      const transport = new SlowTransport();
      let marks = 0;
      const failing = {
        ...ds,
        query: (sql: string, params?: unknown[]) =>
          /SET "published_at" = now\(\)/.test(sql) && ++marks === 1 ? Promise.reject(new Error('read ECONNRESET')) : ds.query(sql, params),
      } as unknown as DataSource;
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
