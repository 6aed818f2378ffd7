import { Job, Queue, Worker, createPostgresBackend } from 'bullmq';
import { Redis as IORedis } from 'ioredis';

export interface TimerJobData {
  timerId: string;
  correlationId: string;
}

export type QueueConnection =
  | { kind: 'postgres'; host: string; port: number; user: string; password?: string; database: string }
  | { kind: 'redis'; url: string };

/**
 * BullMQ queue that triggers timers at their due time. It only carries ids: the timer row in
 * PostgreSQL stays the source of truth, so a lost job is recreated by the reconciler.
 */
export class TimerQueue {
  // BullMQ's generic types differ per backend; this class only needs add/close/on.
  private queue?: {
    add(name: string, data: TimerJobData, opts: object): Promise<unknown>;
    close(): Promise<void>;
    on(e: 'error', f: () => void): unknown;
  };
  private worker?: { close(): Promise<void>; on(e: 'error', f: () => void): unknown };
  private redis: IORedis[] = [];

  constructor(
    readonly name: string,
    private readonly connection: QueueConnection,
  ) {}

  start(process: (data: TimerJobData) => Promise<void>): Promise<void> {
    const defaultJobOptions = {
      removeOnComplete: true,
      removeOnFail: 1000,
      attempts: 5,
      backoff: { type: 'exponential' as const, delay: 1000 },
    };
    const processor = async (job: Job<TimerJobData>) => process(job.data);
    if (this.connection.kind === 'postgres') {
      const { host, port, user, password, database } = this.connection;
      // PGlite ignores the start-up search_path, so BullMQ's tables must live in `public`.
      const connection = { host, port, user, password, database, schema: 'public', migrate: true };
      this.queue = new Queue(this.name, { connection, defaultJobOptions }, createPostgresBackend);
      this.worker = new Worker(this.name, processor, { connection, concurrency: 4 }, createPostgresBackend);
    } else {
      const queueConnection = new IORedis(this.connection.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      const workerConnection = new IORedis(this.connection.url, { maxRetriesPerRequest: null });
      this.redis.push(queueConnection, workerConnection);
      this.queue = new Queue<TimerJobData>(this.name, { connection: queueConnection, defaultJobOptions });
      this.worker = new Worker<TimerJobData>(this.name, processor, { connection: workerConnection, concurrency: 4 });
    }
    this.worker?.on('error', () => undefined);
    this.queue?.on('error', () => undefined);
    return Promise.resolve();
  }

  /** Adds the trigger; a job with the same id that is still pending makes this a no-op. */
  async enqueue(data: TimerJobData, delayMs: number): Promise<void> {
    if (!this.queue) {
      throw new Error(`queue ${this.name} is not started`);
    }
    await this.queue.add('timer.fire', data, { jobId: data.timerId, delay: Math.max(0, delayMs) });
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    for (const r of this.redis) {
      r.disconnect();
    }
  }
}

/** Where BullMQ keeps its jobs: PostgreSQL (embedded mode) or Redis (distributed mode). */
export const QUEUE_CONNECTION = Symbol('QUEUE_CONNECTION');
