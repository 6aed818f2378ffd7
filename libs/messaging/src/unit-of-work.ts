import { DataSource, EntityManager } from 'typeorm';
import { type EventEnvelope, type EventPayloads, EventType } from '#concerto/contracts';
import { OutboxWriter } from './outbox.js';

export interface TransactionScope {
  manager: EntityManager;
  emit<T extends EventType>(
    type: T,
    subject: string,
    data: EventPayloads[T],
    meta: { correlationId: string; causationId?: string; occurredAt: Date },
  ): Promise<EventEnvelope<T, EventPayloads[T]>>;
  afterCommit(callback: () => void | Promise<void>): void;
}

/**
 * One transaction for state, outbox rows and timers; side effects that must not run before
 * the commit (relay nudge, job enqueue) are registered with afterCommit.
 */
export class UnitOfWork {
  private readonly commitListeners: Array<() => void> = [];

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /** For reads outside a transaction. */
  get dataSource(): DataSource {
    return this.ds;
  }

  onEveryCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  async run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void | Promise<void>> = [];
    const result = await this.ds.transaction(async (manager) => {
      const scope: TransactionScope = {
        manager,
        emit: (type, subject, data, meta) => this.outbox.append(manager, { type, subject, data, ...meta }),
        afterCommit: (cb) => callbacks.push(cb),
      };
      return work(scope);
    });
    for (const listener of this.commitListeners) {
      listener();
    }
    for (const cb of callbacks) {
      await cb();
    }
    return result;
  }
}
