import { type Job, Queue, Worker, createPostgresBackend } from 'bullmq';
import { Redis as IORedis } from 'ioredis';
import type { QueueConnection } from '#concerto/timers';
import { keyDigest } from './key-digest.js';

function jobIdOf(key: string): string {
  return `d-${keyDigest(key)}`;
}

/** A delivery job carries ids only: the idempotency key (kind, channel, meeting, sequence, invitation) and the correlation id. */
export interface DeliveryJobData {
  key: string;
  correlationId: string;
}

export interface DeliveryQueueOptions {
  /** BullMQ attempts of one job; the deliveries row counts the attempts that matter. */
  attempts: number;
  /** First retry delay, doubled each time. */
  backoffMs: number;
  concurrency?: number;
}

/**
 * BullMQ queue of "send this message now" jobs. The job id is derived from the idempotency key,
 * so enqueuing the same message twice while a job is pending is a no-op; the deliveries row in
 * PostgreSQL is the truth, and a lost job is re-added by the reconciler. Retries of transient
 * failures use BullMQ's exponential backoff.
 */
export class DeliveryQueue {
  private queue?: {
    add(name: string, data: DeliveryJobData, opts: object): Promise<unknown>;
    remove(jobId: string): Promise<number>;
    getJob(jobId: string): Promise<unknown>;
    close(): Promise<void>;
    on(e: 'error', f: () => void): unknown;
  };
  private worker?: { close(): Promise<void>; on(e: 'error', f: () => void): unknown };
  private redis: IORedis[] = [];
  private closed = false;

  constructor(
    readonly name: string,
    private readonly connection: QueueConnection,
    private readonly options: DeliveryQueueOptions,
  ) {}

  start(process: (data: DeliveryJobData) => Promise<void>): Promise<void> {
    const defaultJobOptions = {
      removeOnComplete: true,
      // A failed job is removed so that the reconciler can add it again under the same id.
      removeOnFail: true,
      attempts: this.options.attempts,
      backoff: { type: 'exponential' as const, delay: this.options.backoffMs },
    };
    const processor = async (job: Job<DeliveryJobData>) => process(job.data);
    const concurrency = this.options.concurrency ?? 4;
    if (this.connection.kind === 'postgres') {
      const { host, port, user, password, database } = this.connection;
      // PGlite ignores the start-up search_path, so BullMQ's tables must live in `public`.
      const connection = { host, port, user, password, database, schema: 'public', migrate: true };
      this.queue = new Queue(this.name, { connection, defaultJobOptions }, createPostgresBackend);
      // PGlite's wire server does not pass NOTIFY between connections: poll every second instead of BullMQ's 5 s.
      this.worker = new Worker(this.name, processor, { connection, concurrency, drainDelay: 1 }, createPostgresBackend);
    } else {
      const queueConnection = new IORedis(this.connection.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      const workerConnection = new IORedis(this.connection.url, { maxRetriesPerRequest: null });
      this.redis.push(queueConnection, workerConnection);
      this.queue = new Queue<DeliveryJobData>(this.name, { connection: queueConnection, defaultJobOptions });
      this.worker = new Worker<DeliveryJobData>(this.name, processor, { connection: workerConnection, concurrency });
    }
    this.worker?.on('error', () => undefined);
    this.queue?.on('error', () => undefined);
    return Promise.resolve();
  }

  /** Adds the job; one with the same key still pending or running makes this a no-op. */
  async enqueue(data: DeliveryJobData, delayMs = 0): Promise<void> {
    if (!this.queue || this.closed) {
      // The row is committed: the reconciler adds the job at the next start.
      throw new Error(`queue ${this.name} is not open`);
    }
    await this.queue.add('delivery.send', data, { jobId: jobIdOf(data.key), delay: Math.max(0, delayMs) });
  }

  /** Removes the pending jobs of these messages; a running (locked) one is left to find its row settled. */
  async cancel(keys: readonly string[]): Promise<number> {
    if (!this.queue || this.closed) {
      return 0;
    }
    let removed = 0;
    for (const key of keys) {
      removed += await this.queue.remove(jobIdOf(key)).catch(() => 0);
    }
    return removed;
  }

  /** Whether a job for this message is still in the queue (waiting, delayed or running). */
  async hasJob(key: string): Promise<boolean> {
    return !!(await this.queue?.getJob(jobIdOf(key)));
  }

  get started(): boolean {
    return this.queue !== undefined;
  }

  /** Stops taking jobs (waits for the running ones); jobs can still be added until close(). */
  async stopWorker(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * Closes the producer side. Call it once nothing can commit a delivery row any more: at
   * shutdown, other services' relays may still hand this service events while they stop.
   */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    await this.worker?.close();
    await this.queue?.close();
    for (const r of this.redis) {
      r.disconnect();
    }
  }
}
