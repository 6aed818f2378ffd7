import { AsyncLocalStorage } from 'node:async_hooks';
import { type DataSource, type EntityManager } from 'typeorm';

interface OpenTransaction {
  readonly ds: DataSource;
  readonly manager: EntityManager;
  readonly afterCommit: Array<() => void | Promise<void>>;
  /** Continuations created inside a transaction (timers, nudged loops) outlive it: they must not join a finished one. */
  open: boolean;
}

const storage = new AsyncLocalStorage<OpenTransaction>();

/**
 * The transaction of one service's database, carried by the async context instead of by every
 * signature: repositories, the outbox, timers and the audit log join whatever transaction the
 * use case opened, so no command, port or handler carries an EntityManager.
 *
 * Several services share one process in the embedded mode, each with its own DataSource: a
 * transaction is only joined by code of the same database.
 */
export class AmbientTransaction {
  constructor(private readonly ds: DataSource) {}

  get dataSource(): DataSource {
    return this.ds;
  }

  /** True when a transaction on this database is open in the current async context. */
  get active(): boolean {
    return this.current() !== undefined;
  }

  /** The open transaction's manager; outside one, the pool's manager (each statement autocommits). */
  get manager(): EntityManager {
    return this.current()?.manager ?? this.ds.manager;
  }

  /**
   * Runs `work` in a transaction: joins the one already open in this context, or opens one.
   * Joining (not nesting) keeps one commit per use case, and on PGlite, whose connection serialises
   * transactions, a second one opened from inside the first would wait for it forever.
   */
  async run<T>(work: () => Promise<T>, onCommit?: () => void): Promise<T> {
    if (this.active) {
      return work();
    }
    let tx: OpenTransaction | undefined;
    try {
      const result = await this.ds.transaction((manager) => {
        tx = { ds: this.ds, manager, afterCommit: [], open: true };
        return storage.run(tx, work);
      });
      tx!.open = false;
      onCommit?.();
      // Outside the finished transaction's context, so that what they start does not inherit it.
      await storage.exit(async () => {
        for (const callback of tx!.afterCommit) {
          await callback();
        }
      });
      return result;
    } finally {
      if (tx) {
        tx.open = false;
      }
    }
  }

  /** Registers a side effect that must wait for the commit (a job enqueued, a relay nudged). */
  afterCommit(callback: () => void | Promise<void>): void {
    const tx = this.current();
    if (!tx) {
      throw new Error('afterCommit needs an open transaction');
    }
    tx.afterCommit.push(callback);
  }

  /** The open transaction's manager, for writes that must never autocommit on their own. */
  requireManager(): EntityManager {
    const tx = this.current();
    if (!tx) {
      throw new Error('this write needs an open transaction (run it inside a unit of work)');
    }
    return tx.manager;
  }

  private current(): OpenTransaction | undefined {
    const tx = storage.getStore();
    return tx && tx.open && tx.ds === this.ds ? tx : undefined;
  }
}
