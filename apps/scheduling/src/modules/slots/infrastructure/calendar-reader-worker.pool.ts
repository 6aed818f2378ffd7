import { Worker } from 'node:worker_threads';
import { AppException } from '#concerto/ddd';
import {
  type CalendarImport,
  CalendarImportError,
  type CalendarReadOptions,
  type CalendarWarning,
} from '../domain/calendar-import.js';

export interface CalendarReaderRequest {
  readonly text: string;
  readonly window: readonly [number, number];
  readonly tentativeIsBusy?: boolean;
}

export type CalendarReaderResponse =
  | { readonly ok: true; readonly busy: Float64Array; readonly warnings: CalendarWarning[] }
  | {
      readonly ok: false;
      readonly code: 'ICAL_INVALID' | 'ICAL_TOO_COMPLEX' | 'FAILED';
      readonly message: string;
      readonly details: Record<string, unknown>;
    };

export interface CalendarReaderWorkerPoolOptions {
  /** Worker threads, started lazily. Default 1: imports are rare, and the slot finder needs the cores. */
  readonly size?: number;
  readonly workerUrl: URL;
  /** A calendar still being read after this is refused (422) and its worker replaced. Default 10,000 ms. */
  readonly timeoutMs?: number;
  /** Imports waiting for a worker beyond this are refused with 503. Default 20. */
  readonly maxQueued?: number;
}

interface Job {
  readonly request: CalendarReaderRequest;
  readonly resolve: (result: CalendarImport) => void;
  readonly reject: (error: Error) => void;
  readonly window: CalendarReadOptions['window'];
  timer?: NodeJS.Timeout;
}

/**
 * Reads calendars off the event loop, in the pattern of SlotFinderWorkerPool: the caller thread
 * only copies the text; parsing and recurrence expansion (bounded by CALENDAR_LIMITS) run in a
 * worker with a memory cap, and a worker that runs past the timeout is terminated.
 */
export class CalendarReaderWorkerPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxQueued: number;
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly workers = new Set<Worker>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(private readonly options: CalendarReaderWorkerPoolOptions) {
    this.size = Math.max(1, options.size ?? 1);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxQueued = options.maxQueued ?? 20;
  }

  read(text: string, options: CalendarReadOptions): Promise<CalendarImport> {
    if (this.closed) {
      return Promise.reject(
        new AppException('CALENDAR_READER_CLOSED', 'unavailable', 'The calendar reader is shutting down.'),
      );
    }
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(
        new AppException(
          'CALENDAR_READER_BUSY',
          'unavailable',
          'Too many calendar imports are waiting; retry shortly.',
        ),
      );
    }
    const request: CalendarReaderRequest = {
      text,
      window: [options.window.start.getTime(), options.window.end.getTime()],
      tentativeIsBusy: options.tentativeIsBusy,
    };
    return new Promise<CalendarImport>((resolve, reject) => {
      this.queue.push({ request, resolve, reject, window: options.window });
      this.dispatch();
    });
  }

  stats(): { workers: number; running: number; queued: number } {
    return { workers: this.workers.size, running: this.running.size, queued: this.queue.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    const closing = new AppException('CALENDAR_READER_CLOSED', 'unavailable', 'The calendar reader is shutting down.');
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

  private dispatch(): void {
    while (this.queue.length > 0 && (this.idle.length > 0 || this.workers.size < this.size)) {
      const worker = this.idle.pop() ?? this.spawn();
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      job.timer = setTimeout(() => {
        this.fail(
          worker,
          new CalendarImportError('ICAL_TOO_COMPLEX', `The calendar could not be read within ${this.timeoutMs} ms.`),
        );
      }, this.timeoutMs);
      worker.postMessage(job.request);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.options.workerUrl, { resourceLimits: { maxOldGenerationSizeMb: 256 } });
    worker.unref();
    this.workers.add(worker);
    worker.on('message', (response: CalendarReaderResponse) => {
      const job = this.running.get(worker);
      if (!job) {
        return;
      }
      clearTimeout(job.timer);
      this.running.delete(worker);
      this.idle.push(worker);
      if (response.ok) {
        const busy = [];
        for (let i = 0; i + 1 < response.busy.length; i += 2) {
          busy.push({ start: new Date(response.busy[i]), end: new Date(response.busy[i + 1]) });
        }
        job.resolve({ busy, warnings: response.warnings, window: job.window });
      } else if (response.code === 'FAILED') {
        job.reject(
          new AppException('CALENDAR_READER_FAILED', 'unavailable', 'The calendar reader failed; retry shortly.', {
            cause: response.message,
          }),
        );
      } else {
        job.reject(new CalendarImportError(response.code, response.message, response.details));
      }
      this.dispatch();
    });
    // A worker that dies (out of memory on a hostile file, most likely) fails its job as too complex.
    worker.on('error', (error) =>
      this.fail(
        worker,
        new CalendarImportError('ICAL_TOO_COMPLEX', 'The calendar could not be read.', { cause: error.name }),
      ),
    );
    worker.on('exit', (code) =>
      this.fail(
        worker,
        new AppException('CALENDAR_READER_FAILED', 'unavailable', 'The calendar reader failed; retry shortly.', {
          cause: `exit ${code}`,
        }),
      ),
    );
    return worker;
  }

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
