import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Provider } from '@nestjs/common';
import { findSlots } from '../domain/slot-finder.js';
import type { SlotSearch, SlotSearchResult } from '../domain/slot-search.types.js';
import { SlotFinderWorkerPool } from './slot-finder-worker.pool.js';

/** The slot search as the application sees it: off the event loop when a worker is available. */
export abstract class SlotFinder {
  abstract findSlots(search: SlotSearch): Promise<SlotSearchResult>;
}

class InlineSlotFinder extends SlotFinder {
  findSlots(search: SlotSearch): Promise<SlotSearchResult> {
    // Refusals of the search are rejections, as from the pooled finder.
    return Promise.resolve().then(() => findSlots(search));
  }
}

class PooledSlotFinder extends SlotFinder {
  constructor(private readonly pool: SlotFinderWorkerPool) {
    super();
  }
  findSlots(search: SlotSearch): Promise<SlotSearchResult> {
    return this.pool.findSlots(search);
  }
  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Worker threads run the compiled worker next to this file (dist/). When it is absent (tests run
 * the TypeScript sources) the search runs inline; it is ~1 ms at the P7 size (docs/benchmarks-slot-finder.md).
 */
export const slotFinderProvider: Provider = {
  provide: SlotFinder,
  useFactory: () => {
    const workerUrl = new URL('./slot-finder.worker.js', import.meta.url);
    return existsSync(fileURLToPath(workerUrl))
      ? new PooledSlotFinder(new SlotFinderWorkerPool({ workerUrl }))
      : new InlineSlotFinder();
  },
};
