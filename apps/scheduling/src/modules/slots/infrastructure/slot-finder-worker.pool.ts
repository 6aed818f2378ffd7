import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppException } from '#concerto/ddd';
import type { SlotSearch, SlotSearchResult } from '../domain/slot-search.types.js';
import { SlotSearchSpec } from '../domain/slot-search.value-object.js';
import { encodeRequest, reviveError, type SlotFinderResponse } from './slot-finder-worker.protocol.js';

export interface SlotFinderWorkerPoolOptions {
  /** Worker threads, started lazily. Default: one per spare core, between 1 and 4. */
  readonly size?: number;
  /** Compiled worker entry; the default is the slot-finder.worker.js next to this file. */
  readonly workerUrl?: URL;
  /** A search running longer is abandoned and its worker replaced. Default 2,000 ms. */
  readonly timeoutMs?: number;
  /** Searches waiting for a worker beyond this are refused (back-pressure). Default 100. */
  readonly maxQueued?: number;
}

interface Job {
  readonly search: SlotSearch;
  readonly resolve: (result: SlotSearchResult) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Runs findSlots off the event loop (quality bar P7): the caller thread only validates the input
 * (cheap, bounded by SLOT_SEARCH_LIMITS) and copies it to a worker thread. Create one per
 * service through DI; Nest calls onApplicationShutdown, which terminates the threads.
 */
export class SlotFinderWorkerPool {
  private readonly size: number;
  private readonly workerUrl: URL;
  private readonly timeoutMs: number;
  private readonly maxQueued: number;
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly workers = new Set<Worker>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(options: SlotFinderWorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(4, Math.max(1, availableParallelism() - 1)));
    this.workerUrl = options.workerUrl ?? new URL('./slot-finder.worker.js', import.meta.url);
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.maxQueued = options.maxQueued ?? 100;
  }

  /**
   * Same contract as findSlots. Size limits are checked here, before anything is copied; the rest
   * of the validation runs in the worker and rejects with the same SlotSearchError.
   */
  async findSlots(search: SlotSearch): Promise<SlotSearchResult> {
    SlotSearchSpec.checkSize(search);
    if (this.closed) {
      throw new AppException('SLOT_FINDER_CLOSED', 'unavailable', 'The slot finder is shutting down.');
    }
    if (this.queue.length >= this.maxQueued) {
      throw new AppException('SLOT_FINDER_BUSY', 'unavailable', 'Too many slot searches are waiting; retry shortly.');
    }
    return new Promise<SlotSearchResult>((resolve, reject) => {
      this.queue.push({ search, resolve, reject });
      this.dispatch();
    });
  }

  stats(): { workers: number; running: number; queued: number } {
    return { workers: this.workers.size, running: this.running.size, queued: this.queue.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    const closing = new AppException('SLOT_FINDER_CLOSED', 'unavailable', 'The slot finder is shutting down.');
    this.queue.splice(0).forEach((job) => job.reject(closing));
    for (const [worker, job] of this.running) {
      clearTimeout(job.timer);
      job.reject(closing);
      this.running.delete(worker);
    }
    await Promise.all([...this.workers].map((w) => w.terminate()));
    this.workers.clear();
    this.idle.length = 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private dispatch(): void {
    while (this.queue.length > 0 && (this.idle.length > 0 || this.workers.size < this.size)) {
      const worker = this.idle.pop() ?? this.spawn();
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      job.timer = setTimeout(() => {
        this.fail(
          worker,
          new AppException(
            'SLOT_FINDER_TIMEOUT',
            'unavailable',
            `The slot search took longer than ${this.timeoutMs} ms.`,
          ),
        );
      }, this.timeoutMs);
      const { request, transfer } = encodeRequest(job.search);
      worker.postMessage(request, transfer);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerUrl, { resourceLimits: { maxOldGenerationSizeMb: 128 } });
    worker.unref(); // idle threads never keep the process alive; running jobs hold a timer
    this.workers.add(worker);
    worker.on('message', (response: SlotFinderResponse) => {
      const job = this.running.get(worker);
      if (!job) {
        return;
      }
      clearTimeout(job.timer);
      this.running.delete(worker);
      this.idle.push(worker);
      if (response.ok) {
        job.resolve(response.result);
      } else {
        job.reject(reviveError(response.error));
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(worker, reviveError({ name: error.name, message: error.message })));
    worker.on('exit', (code) =>
      this.fail(worker, reviveError({ name: 'WorkerExit', message: `worker exited with code ${code}` })),
    );
    return worker;
  }

  /** Rejects the worker's job, if any, and replaces the worker on the next dispatch. */
  private fail(worker: Worker, error: AppException): void {
    const job = this.running.get(worker);
    this.running.delete(worker);
    if (job) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    if (this.workers.delete(worker)) {
      const at = this.idle.indexOf(worker);
      if (at >= 0) {
        this.idle.splice(at, 1);
      }
      void worker.terminate();
    }
    if (!this.closed) {
      this.dispatch();
    }
  }
}
