import { jest } from '@jest/globals';
import { AvailabilityRepository } from '../../scheduling/src/modules/availability/application/availability.repository.js';
import {
  BUSY_WRITE_CHUNK,
  BusyCalendarWriter,
} from '../../scheduling/src/modules/availability/application/busy-calendar-writer.js';
import type { BusyInterval } from '../../scheduling/src/modules/slots/domain/slot-search.types.js';
import type { UnitOfWork } from '#concerto/messaging';
import { startTestEngine, type TestEngine } from '#concerto/testing';

/**
 * Issue 14 (starvation): a calendar is replaced in short transactions, staged under a new version that
 * readers ignore, then switched in one short transaction. Readers see the old calendar or the new one,
 * never a mix; an interrupted replacement leaves rows nobody reads, deleted by the next one.
 */
describe('calendar replacement in short transactions (embedded)', () => {
  let t: TestEngine;
  let writer: BusyCalendarWriter;
  let repository: AvailabilityRepository;
  const owner = 'pro-social-worker';
  const from = new Date('2030-01-01T00:00:00Z');
  const to = new Date('2035-01-01T00:00:00Z');

  /** `count` one-hour blocks at `hour` UTC, one a day from 1 January 2030. */
  const calendar = (count: number, hour: number): BusyInterval[] =>
    Array.from({ length: count }, (_, i) => {
      const start = new Date(Date.UTC(2030, 0, 1 + i, hour));
      return { start, end: new Date(start.getTime() + 3_600_000) };
    });
  const key = (blocks: BusyInterval[]): string[] =>
    blocks.map((b) => `${b.start.toISOString()}/${b.end.toISOString()}`);
  const seen = async (): Promise<string[]> => key((await repository.busyOf([owner], from, to)).get(owner) ?? []);
  const storedRows = async (): Promise<number> =>
    Number(
      (
        await t.sql<{ n: string }>(
          `SELECT count(*) AS n FROM "scheduling"."busy_blocks" WHERE "owner_id" = $1 AND "source" = 'ical'`,
          [owner],
        )
      )[0].n,
    );

  beforeAll(async () => {
    t = await startTestEngine();
    writer = t.engine.app.get(BusyCalendarWriter, { strict: false });
    repository = t.engine.app.get(AvailabilityRepository, { strict: false });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  it('shows the whole old calendar while the new one is being written, then the whole new one', async () => {
    const old = calendar(BUSY_WRITE_CHUNK * 2 + 10, 8);
    const next = calendar(BUSY_WRITE_CHUNK * 3 + 7, 14);
    await writer.replace(owner, 'ical', old, new Date());
    expect(await seen()).toEqual(key(old));

    // Hold the replacement after its second chunk is committed (outside its transaction, which
    // holds the embedded database's only connection).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const halfway = new Promise<void>((resolve) => (reached = resolve));
    const HOLD = Symbol('hold');
    const stage = repository.stageBusy.bind(repository);
    let chunks = 0;
    jest.spyOn(repository, 'stageBusy').mockImplementation(async (...args) => {
      await stage(...args);
      return (++chunks === 2 ? HOLD : undefined) as unknown as void;
    });
    const uow = (writer as unknown as { uow: UnitOfWork }).uow;
    const run = uow.run.bind(uow);
    jest.spyOn(uow, 'run').mockImplementation(async <T>(work: () => Promise<T>): Promise<T> => {
      const result = await run(work);
      if ((result as unknown) === HOLD) {
        reached();
        await held;
      }
      return result;
    });
    const replacing = writer.replace(owner, 'ical', next, new Date());
    await halfway;

    // Two chunks of the new calendar are in the table, but a reader sees only the old one, all of it.
    expect(await storedRows()).toBe(old.length + BUSY_WRITE_CHUNK * 2);
    expect(await seen()).toEqual(key(old));

    release();
    await replacing;
    expect(await seen()).toEqual(key(next));
    // The old version is gone once the replacement has answered.
    expect(await storedRows()).toBe(next.length);
  });

  it('never reads the rows of an interrupted replacement, and deletes them at the next one', async () => {
    const current = calendar(BUSY_WRITE_CHUNK + 5, 9);
    await writer.replace(owner, 'ical', current, new Date());

    // The process dies after the first chunk of the next replacement is committed.
    const stage = repository.stageBusy.bind(repository);
    let chunks = 0;
    jest.spyOn(repository, 'stageBusy').mockImplementation(async (...args) => {
      if (++chunks === 2) {
        throw new Error('the process died here');
      }
      await stage(...args);
    });
    await expect(writer.replace(owner, 'ical', calendar(BUSY_WRITE_CHUNK * 2, 16), new Date())).rejects.toThrow(
      'the process died here',
    );
    jest.restoreAllMocks();

    expect(await storedRows()).toBe(current.length + BUSY_WRITE_CHUNK);
    expect(await seen()).toEqual(key(current));

    // The next replacement of that calendar leaves only its own rows.
    const next = calendar(12, 11);
    await writer.replace(owner, 'ical', next, new Date());
    expect(await seen()).toEqual(key(next));
    expect(await storedRows()).toBe(next.length);
  });

  it('an empty replacement empties the calendar', async () => {
    await writer.replace(owner, 'ical', calendar(3, 10), new Date());
    await writer.replace(owner, 'ical', [], new Date());
    expect(await seen()).toEqual([]);
    expect(await storedRows()).toBe(0);
  });
});
