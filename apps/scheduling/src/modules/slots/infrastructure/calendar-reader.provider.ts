import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Provider } from '@nestjs/common';
import { CalendarReader } from '../application/calendar-reader.port.js';
import type { CalendarImport, CalendarReadOptions } from '../domain/calendar-import.js';
import { CalendarReaderWorkerPool } from './calendar-reader-worker.pool.js';
import { readIcalCalendar } from './ical-calendar-reader.js';

/** Reads in a worker thread: the event loop keeps serving while a large calendar is expanded. */
export class PooledCalendarReader extends CalendarReader {
  constructor(private readonly pool: CalendarReaderWorkerPool) {
    super();
  }
  read(text: string, options: CalendarReadOptions): Promise<CalendarImport> {
    return this.pool.read(text, options);
  }
  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }
}

/** In the caller's thread; only where no compiled worker exists (tests running the TypeScript sources). */
export class InlineCalendarReader extends CalendarReader {
  async read(text: string, options: CalendarReadOptions): Promise<CalendarImport> {
    // Let pending I/O run first; the read itself is bounded by CALENDAR_LIMITS.
    await new Promise((resolve) => setImmediate(resolve));
    return readIcalCalendar(text, options);
  }
}

/** The compiled worker next to this file (dist/) when there is one, as for the slot finder. */
export const calendarReaderProvider: Provider = {
  provide: CalendarReader,
  useFactory: (): CalendarReader => {
    const workerUrl = new URL('./calendar-reader.worker.js', import.meta.url);
    return existsSync(fileURLToPath(workerUrl))
      ? new PooledCalendarReader(new CalendarReaderWorkerPool({ workerUrl }))
      : new InlineCalendarReader();
  },
};
