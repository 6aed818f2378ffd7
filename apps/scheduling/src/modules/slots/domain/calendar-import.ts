import { AppException } from '#concerto/ddd';
import type { BusyInterval } from './slot-search.types.js';

/**
 * What an imported calendar (an iCalendar export) contributes to the slot search: the busy
 * periods inside a bounded window, and why some events contributed nothing.
 */
export interface CalendarWindow {
  readonly start: Date;
  readonly end: Date;
}

export type CalendarWarningCode =
  | 'cancelled'
  | 'transparent'
  | 'outside-window'
  | 'unknown-timezone'
  | 'invalid-rule'
  | 'no-start'
  | 'empty-period'
  | 'range-override';

export interface CalendarWarning {
  readonly code: CalendarWarningCode;
  readonly message: string;
  /** Events (or periods) concerned. */
  readonly count: number;
  /** UIDs of the first few events concerned, so the user can find them in their calendar. */
  readonly uids: readonly string[];
}

export interface CalendarImport {
  /** Inside the window, sorted by start; overlapping or touching periods merged. */
  readonly busy: BusyInterval[];
  readonly warnings: CalendarWarning[];
  readonly window: CalendarWindow;
}

export interface CalendarReadOptions {
  /** Busy periods are computed only inside this window; recurrences are expanded only this far. */
  readonly window: CalendarWindow;
  /** BUSY-TENTATIVE and TENTATIVE count as busy (default true: never over-promise). */
  readonly tentativeIsBusy?: boolean;
}

/**
 * Bounds that keep a hostile or absurd file from costing more than a bounded amount of work.
 * A real export stays well inside them: Outlook caps a series at 999 occurrences, and a year of
 * a full-time agenda is a few thousand events.
 */
export const CALENDAR_LIMITS = {
  maxChars: 1_000_000,
  maxDepth: 8,
  maxComponents: 20_000,
  maxEvents: 5_000,
  /** A COUNT above this is refused: no calendar program writes one. */
  maxCount: 10_000,
  /** Occurrences of one event inside the window (FREQ=SECONDLY, MINUTELY… hit this). */
  maxOccurrencesPerEvent: 5_000,
  /** Recurrence iterator steps for the whole file. */
  maxSteps: 250_000,
  /**
   * Busy periods inside the window before merging: no more than one slot search takes per calendar
   * (SLOT_SEARCH_LIMITS.maxBusyPerCalendar), and it bounds the rows one import writes (issue 14).
   */
  maxPeriods: 5_000,
} as const;

/** The file is not an iCalendar document, or it exceeds CALENDAR_LIMITS: nothing is imported (422). */
export class CalendarImportError extends AppException {
  constructor(code: 'ICAL_INVALID' | 'ICAL_TOO_COMPLEX', message: string, details: Record<string, unknown> = {}) {
    super(code, 'invalid', message, details);
    this.name = 'CalendarImportError';
  }
}

/** Collects warnings by code and message, so ten thousand past events make one line, not ten thousand. */
export class CalendarWarnings {
  private readonly byKey = new Map<
    string,
    { code: CalendarWarningCode; message: string; count: number; uids: string[] }
  >();

  add(code: CalendarWarningCode, message: string, uid?: string): void {
    const key = `${code}\u0000${message}`;
    const entry = this.byKey.get(key) ?? { code, message, count: 0, uids: [] };
    entry.count++;
    if (uid && entry.uids.length < 5 && !entry.uids.includes(uid)) {
      entry.uids.push(uid.slice(0, 200));
    }
    this.byKey.set(key, entry);
  }

  list(): CalendarWarning[] {
    return [...this.byKey.values()];
  }
}

/** Keeps the periods overlapping the window, sorted, with overlapping or touching ones merged. */
export function mergeBusy(periods: ReadonlyArray<readonly [number, number]>, window: CalendarWindow): BusyInterval[] {
  const from = window.start.getTime();
  const to = window.end.getTime();
  const kept = periods.filter(([start, end]) => start < to && end > from).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of kept) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      merged.push([start, end]);
    }
  }
  return merged.map(([start, end]) => ({ start: new Date(start), end: new Date(end) }));
}
