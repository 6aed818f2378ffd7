import type { DataSource, EntityManager } from 'typeorm';
import { AmbientTransaction } from './ambient-transaction.js';

/** A DataSource stand-in that numbers its transactions and records their outcome. */
function fakeDataSource(name: string) {
  const log: string[] = [];
  let next = 0;
  const pool = { name: `${name}-pool` } as unknown as EntityManager;
  const ds = {
    manager: pool,
    async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
      const manager = { name: `${name}-tx${++next}` } as unknown as EntityManager;
      log.push(`begin ${String((manager as unknown as { name: string }).name)}`);
      try {
        const result = await work(manager);
        log.push('commit');
        return result;
      } catch (error) {
        log.push('rollback');
        throw error;
      }
    },
  } as unknown as DataSource;
  return { ds, log, pool };
}
const nameOf = (manager: EntityManager) => (manager as unknown as { name: string }).name;

describe(AmbientTransaction.name, () => {
  it('gives repositories the open transaction, and the pool outside one', async () => {
    const { ds } = fakeDataSource('a');
    const sut = new AmbientTransaction(ds);
    expect(nameOf(sut.manager)).toBe('a-pool');
    await sut.run(async () => {
      expect(sut.active).toBe(true);
      expect(nameOf(sut.manager)).toBe('a-tx1');
      await Promise.resolve();
      expect(nameOf(sut.requireManager())).toBe('a-tx1');
    });
    expect(sut.active).toBe(false);
    expect(() => sut.requireManager()).toThrow(/open transaction/);
  });

  it('joins the transaction already open instead of opening a second one', async () => {
    const { ds, log } = fakeDataSource('a');
    const sut = new AmbientTransaction(ds);
    await sut.run(() => sut.run(async () => expect(nameOf(sut.manager)).toBe('a-tx1')));
    expect(log).toEqual(['begin a-tx1', 'commit']);
  });

  it('runs after-commit callbacks once, after the outermost commit, and drops them on rollback', async () => {
    const { ds, log } = fakeDataSource('a');
    const sut = new AmbientTransaction(ds);
    await sut.run(async () => {
      sut.afterCommit(() => void log.push('after-commit outer'));
      await sut.run(async () => sut.afterCommit(() => void log.push('after-commit inner')));
    });
    expect(log).toEqual(['begin a-tx1', 'commit', 'after-commit outer', 'after-commit inner']);

    log.length = 0;
    await expect(
      sut.run(async () => {
        sut.afterCommit(() => void log.push('never'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(log).toEqual(['begin a-tx2', 'rollback']);
  });

  it('never lets work started inside a transaction join it after it ended', async () => {
    const { ds } = fakeDataSource('a');
    const sut = new AmbientTransaction(ds);
    let later: Promise<string> | undefined;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await sut.run(async () => {
      later = gate.then(() => nameOf(sut.manager));
    });
    release();
    expect(await later).toBe('a-pool');
  });

  it('is per database: another service in the same process does not join it', async () => {
    const a = fakeDataSource('a');
    const b = fakeDataSource('b');
    const txA = new AmbientTransaction(a.ds);
    const txB = new AmbientTransaction(b.ds);
    await txA.run(async () => {
      expect(txB.active).toBe(false);
      expect(nameOf(txB.manager)).toBe('b-pool');
      await txB.run(async () => expect(nameOf(txB.manager)).toBe('b-tx1'));
      expect(nameOf(txA.manager)).toBe('a-tx1');
    });
  });
});
