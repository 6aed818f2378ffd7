import { parentPort } from 'node:worker_threads';
import { CalendarImportError } from '../domain/calendar-import.js';
import { readIcalCalendar } from './ical-calendar-reader.js';
import type { CalendarReaderRequest, CalendarReaderResponse } from './calendar-reader-worker.pool.js';

// Worker-thread entry point started by CalendarReaderWorkerPool: one calendar at a time.
const port = parentPort;
if (!port) {
  throw new Error('calendar-reader.worker must run in a worker thread');
}
port.on('message', (request: CalendarReaderRequest) => {
  let response: CalendarReaderResponse;
  try {
    const result = readIcalCalendar(request.text, {
      window: { start: new Date(request.window[0]), end: new Date(request.window[1]) },
      tentativeIsBusy: request.tentativeIsBusy,
    });
    response = {
      ok: true,
      busy: Float64Array.from(result.busy.flatMap((b) => [b.start.getTime(), b.end.getTime()])),
      warnings: result.warnings,
    };
  } catch (error) {
    response =
      error instanceof CalendarImportError
        ? { ok: false, code: error.code as 'ICAL_INVALID', message: error.message, details: error.details ?? {} }
        : {
            ok: false,
            code: 'FAILED',
            message: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'failed',
            details: {},
          };
  }
  port.postMessage(response, response.ok ? [response.busy.buffer as ArrayBuffer] : []);
});
