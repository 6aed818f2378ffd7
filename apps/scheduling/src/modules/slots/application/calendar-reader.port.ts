import type { CalendarImport, CalendarReadOptions } from '../domain/calendar-import.js';

/**
 * Reads an iCalendar export into busy periods inside a window. The adapter (ical.js) runs off the
 * event loop where it can; it rejects with CalendarImportError (422) for a file it refuses.
 */
export abstract class CalendarReader {
  abstract read(text: string, options: CalendarReadOptions): Promise<CalendarImport>;
}
