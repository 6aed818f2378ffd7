import { PGlite } from '@electric-sql/pglite';
import type { DataSource } from 'typeorm';
import { MessageTransport, type Subscription, type TransportMessage } from './message-transport.port.js';
import { outboxTableSql } from './messaging-tables.sql.js';
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

describe('OutboxRelay ordering across failures (PostgreSQL semantics through PGlite)', () => {
  let db: PGlite;
  let ds: DataSource;

  beforeEach(async () => {
    db = new PGlite();
    await db.exec('CREATE SCHEMA "svc"');
    for (const sql of outboxTableSql('svc')) {
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
    // The failed batch and the batch claimed meanwhile were given back: the next drain takes them first.
    expect(await relay.drain()).toBe(8);
    expect(transport.published).toEqual(ids(8));
  });

  it('does not overtake a row another relay still leases, and publishes it first once the lease expires', async () => {
    const transport = new RecordingTransport();
    const relay = new OutboxRelay(ds, transport, { schema: 'svc', pollIntervalMs: 1000, batchSize: 10 });
    await insert(ids(5));
    // A crashed relay leased e2 and e3 and published nothing.
    await db.query(`UPDATE "svc"."outbox" SET "claimed_until" = now() + interval '1 hour' WHERE "envelope"->>'id' IN ('e2','e3')`);
    expect(await relay.drain()).toBe(1);
    expect(transport.published).toEqual(['e1']);
    await db.query(`UPDATE "svc"."outbox" SET "claimed_until" = now() - interval '1 second' WHERE "envelope"->>'id' IN ('e2','e3')`);
    expect(await relay.drain()).toBe(4);
    expect(transport.published).toEqual(ids(5));
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
        transaction: (work: (m: unknown) => Promise<unknown>) => (++claims === 2 ? Promise.reject(new Error('read ECONNRESET')) : ds.transaction(work)),
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
      const relay = new OutboxRelay(failing, transport, { schema: 'svc', pollIntervalMs: 1000, batchSize: 3, leaseMs: 1 });
      await insert(ids(5));
      await expect(relay.drain()).rejects.toThrow('read ECONNRESET');
      // Both batches went out; the unmarked one goes out again once its lease ran out (consumers' inboxes absorb it).
      expect(transport.published).toEqual(ids(5));
      expect(await relay.drain()).toBe(3);
      expect(transport.published).toEqual([...ids(5), ...ids(3)]);
    });
  });
});
