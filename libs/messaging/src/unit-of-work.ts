import { DataSource, EntityManager } from 'typeorm';
import { type EventEnvelope, type EventPayloads, EventType } from '#concerto/contracts';
import { AmbientTransaction } from '#concerto/persistence';
import { OutboxWriter } from './outbox.js';

export interface EmitMeta {
  correlationId: string;
  causationId?: string;
  occurredAt: Date;
}

/**
 * One transaction for state, outbox rows and timers, carried by the async context (see
 * AmbientTransaction): repositories and writers join it. Side effects that must not run before the
 * commit (relay nudge, job enqueue) are registered with afterCommit.
 */
export class UnitOfWork {
  private readonly commitListeners: Array<() => void> = [];
  private readonly tx: AmbientTransaction;

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    this.tx = new AmbientTransaction(ds);
  }

  /** For reads outside a transaction. */
  get dataSource(): DataSource {
    return this.ds;
  }

  /** The ambient transaction of this service's database. */
  get transaction(): AmbientTransaction {
    return this.tx;
  }

  /** The open transaction's manager, or the pool's outside one (reads). */
  get manager(): EntityManager {
    return this.tx.manager;
  }

  onEveryCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  /** Opens a transaction, or joins the one open in this async context. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.tx.run(work, () => {
      for (const listener of this.commitListeners) {
        listener();
      }
    });
  }

  /** Appends an integration event to the outbox, in the open transaction. */
  emit<T extends EventType>(
    type: T,
    subject: string,
    data: EventPayloads[T],
    meta: EmitMeta,
  ): Promise<EventEnvelope<T, EventPayloads[T]>> {
    return this.outbox.append(this.tx.requireManager(), { type, subject, data, ...meta });
  }

  afterCommit(callback: () => void | Promise<void>): void {
    this.tx.afterCommit(callback);
  }
}
