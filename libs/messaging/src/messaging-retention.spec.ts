import { PGlite } from '@electric-sql/pglite';
import type { DataSource } from 'typeorm';
import { loadConfig } from '#concerto/config';
import { expectEventually } from '#concerto/testing';
import { timersTableSql } from '../../timers/src/timers-table.sql.js';
import { inboxTableSql, messagingRetentionIndexSql, outboxTableSql } from './messaging-tables.sql.js';
import { MessagingRetention } from './messaging-retention.js';

describe('MessagingRetention (PostgreSQL semantics through PGlite)', () => {
  let db: PGlite;
  let ds: DataSource;

  beforeEach(async () => {
    db = new PGlite();
    await db.exec('CREATE SCHEMA "svc"');
    for (const sql of [...outboxTableSql('svc'), ...inboxTableSql('svc'), ...messagingRetentionIndexSql('svc')]) {
      await db.exec(sql);
    }
    ds = {
      query: async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows,
    } as unknown as DataSource;
  });
  afterEach(() => db.close());

  /** An outbox row created `ageHours` ago and published `publishedHoursAgo` ago (null: not yet). */
  const outboxRow = (name: string, ageHours: number, publishedHoursAgo: number | null) =>
    db.query(
      `INSERT INTO "svc"."outbox" ("event_id","topic","message_key","envelope","created_at","published_at")
       VALUES (gen_random_uuid(), 't', 'k', $1, now() - make_interval(hours => $2::int),
               CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(hours => $3::int) END)`,
      [JSON.stringify({ id: name }), ageHours, publishedHoursAgo],
    );
  const inboxRow = (consumer: string, ageHours: number) =>
    db.query(
      `INSERT INTO "svc"."inbox" ("consumer","event_id","processed_at") VALUES ($1, gen_random_uuid(), now() - make_interval(hours => $2::int))`,
      [consumer, ageHours],
    );
  const outboxLeft = async () =>
    (await db.query<{ id: string }>(`SELECT envelope->>'id' AS id FROM "svc"."outbox" ORDER BY seq`)).rows.map(
      (r) => r.id,
    );
  const inboxLeft = async () =>
    (await db.query<{ consumer: string }>(`SELECT consumer FROM "svc"."inbox" ORDER BY consumer`)).rows.map(
      (r) => r.consumer,
    );
  const retention = (sweepIntervalMs = 3_600_000, deleteBatchSize?: number) =>
    new MessagingRetention(ds, {
      schema: 'svc',
      outboxRetentionHours: 168,
      inboxRetentionHours: 1080,
      sweepIntervalMs,
      deleteBatchSize,
    });

  it('deletes outbox rows published before the retention and inbox entries older than theirs, nothing else', async () => {
    await outboxRow('published-long-ago', 400, 399);
    await outboxRow('published-just-past-retention', 200, 169);
    await outboxRow('never-published-and-old', 400, null);
    await outboxRow('created-long-ago-published-recently', 400, 2);
    await outboxRow('published-recently', 3, 2);
    await outboxRow('pending', 0, null);
    await inboxRow('a-old', 1500);
    await inboxRow('b-just-past-retention', 1081);
    await inboxRow('c-within-retention', 1079);
    await inboxRow('d-recent', 1);

    expect(await retention().sweep()).toEqual({ outboxRowsDeleted: 2, inboxRowsDeleted: 2 });

    // An unpublished row is never deleted, however old: the relay still owes it to Kafka.
    expect(await outboxLeft()).toEqual([
      'never-published-and-old',
      'created-long-ago-published-recently',
      'published-recently',
      'pending',
    ]);
    expect(await inboxLeft()).toEqual(['c-within-retention', 'd-recent']);
    expect(await retention().sweep()).toEqual({ outboxRowsDeleted: 0, inboxRowsDeleted: 0 });
  });

  it('deletes a backlog larger than one batch in several batches, and only what is past retention', async () => {
    for (let i = 0; i < 7; i++) {
      await outboxRow(`old-${i}`, 400, 300 + i);
      await inboxRow(`old-${i}`, 1100 + i);
    }
    await outboxRow('pending', 400, null);
    await outboxRow('recent', 3, 2);
    await inboxRow('recent', 1);

    expect(await retention(3_600_000, 3).sweep()).toEqual({ outboxRowsDeleted: 7, inboxRowsDeleted: 7 });
    expect(await outboxLeft()).toEqual(['pending', 'recent']);
    expect(await inboxLeft()).toEqual(['recent']);
  });

  it('deletes the timers that fired or were cancelled before their retention, never a pending one, when the schema has timers', async () => {
    for (const sql of timersTableSql('svc')) {
      await db.exec(sql);
    }
    /** A timer due `dueHoursAgo` ago (negative: in the future) that fired or was cancelled `settledHoursAgo` ago (null: pending). */
    const timer = (
      kind: string,
      dueHoursAgo: number,
      settled: 'fired_at' | 'cancelled_at' | null,
      settledHoursAgo = 0,
    ) =>
      db.query(
        `INSERT INTO "svc"."timers" ("id","kind","subject_id","due_at","correlation_id"${settled ? `,"${settled}"` : ''})
         VALUES (gen_random_uuid(), $1, 's', now() - make_interval(hours => $2::int), 'c'${settled ? ', now() - make_interval(hours => $3::int)' : ''})`,
        settled ? [kind, dueHoursAgo, settledHoursAgo] : [kind, dueHoursAgo],
      );
    await timer('fired-long-ago', 400, 'fired_at', 399);
    await timer('cancelled-long-ago', -10, 'cancelled_at', 200);
    await timer('fired-within-retention', 100, 'fired_at', 100);
    await timer('cancelled-recently', 5, 'cancelled_at', 1);
    await timer('pending-overdue', 400, null);
    await timer('pending-future', -48, null);
    const timersLeft = async () =>
      (await db.query<{ kind: string }>(`SELECT kind FROM "svc"."timers" ORDER BY kind`)).rows.map((r) => r.kind);

    // Without timers in its options, the sweep leaves the table alone.
    expect(await retention().sweep()).toEqual({ outboxRowsDeleted: 0, inboxRowsDeleted: 0 });
    expect(await timersLeft()).toHaveLength(6);

    const withTimers = new MessagingRetention(ds, {
      schema: 'svc',
      outboxRetentionHours: 168,
      inboxRetentionHours: 1080,
      settledTimerRetentionHours: 168,
      sweepIntervalMs: 3_600_000,
    });
    expect(await withTimers.sweep()).toEqual({ outboxRowsDeleted: 0, inboxRowsDeleted: 0, timerRowsDeleted: 2 });
    expect(await timersLeft()).toEqual([
      'cancelled-recently',
      'fired-within-retention',
      'pending-future',
      'pending-overdue',
    ]);
  });

  it('sweeps by itself at its interval once started, and no more once stopped', async () => {
    // The sweeper's statements are counted, to tell that it ran no sweep after stop().
    let statements = 0;
    const counted = {
      query: (sql: string, params?: unknown[]) => (statements++, ds.query(sql, params)),
    } as unknown as DataSource;
    const sweeper = new MessagingRetention(counted, {
      schema: 'svc',
      outboxRetentionHours: 168,
      inboxRetentionHours: 1080,
      sweepIntervalMs: 50,
    });
    await outboxRow('old-1', 400, 399);
    await inboxRow('old-1', 1500);
    sweeper.start();
    try {
      await expectEventually(async () => expect([await outboxLeft(), await inboxLeft()]).toEqual([[], []]));
      await outboxRow('old-2', 400, 399);
      await expectEventually(async () => expect(await outboxLeft()).toEqual([]));
    } finally {
      await sweeper.stop();
    }
    const statementsWhenStopped = statements;
    // A witness started after stop() with the same interval: Node fires timers of equal delay in the
    // order they were set, so once the witness has swept twice, any sweep the stopped sweeper still
    // had scheduled would have run before it. Waiting for the witness, not for a guessed time.
    const witness = retention(50);
    await outboxRow('old-3', 400, 399);
    witness.start();
    try {
      await expectEventually(async () => expect(await outboxLeft()).toEqual([]));
      await outboxRow('old-4', 400, 399);
      await expectEventually(async () => expect(await outboxLeft()).toEqual([]));
    } finally {
      await witness.stop();
    }
    expect(statements).toBe(statementsWhenStopped);
  });

  it('is configured so that an inbox entry outlives every topic that could deliver its event again', () => {
    const config = loadConfig({});
    expect(config.INBOX_RETENTION_HOURS).toBe(1080);
    expect(config.OUTBOX_RETENTION_HOURS).toBe(168);
    expect(config.TIMER_RETENTION_HOURS).toBe(168);
    // Dead letters wait 30 days (720 hours) for a replay: an inbox that forgets sooner would apply a replayed event twice.
    expect(() => loadConfig({ INBOX_RETENTION_HOURS: '720' })).toThrow(
      /INBOX_RETENTION_HOURS: must be longer than the retention of topic alerts\.alert\.v1\.dlt \(720 hours\)/,
    );
    expect(loadConfig({ INBOX_RETENTION_HOURS: '721' }).INBOX_RETENTION_HOURS).toBe(721);
  });
});
