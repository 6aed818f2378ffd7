import { addDays, AppException, BRUSSELS_TIME_ZONE, isValidTimeZone, localDateTimeOf, localToUtc, type LocalDate, weekdayOf } from '#concerto/ddd';
import type { BusyInterval } from './slot-search.types.js';

/**
 * Busy periods from an iCalendar (RFC 5545) export: VFREEBUSY/FREEBUSY periods and VEVENT
 * DTSTART/DTEND (or DURATION). Handles folded lines, UTC ('Z'), TZID (IANA names, Outlook's
 * Windows names for the Brussels zone, Mozilla-style prefixed ids), floating times (read as
 * Europe/Brussels) and all-day DATE values (local midnight to local midnight, DST-aware).
 *
 * Recurring events: daily and weekly RRULEs (INTERVAL, COUNT, UNTIL, BYDAY) with EXDATEs are
 * expanded up to the import window (or 400 days); other rules and RDATEs keep their first
 * occurrence only, with a warning. A FREEBUSY export remains the best source: the calendar
 * server has expanded everything.
 */
export interface IcalImportOptions {
  /** Zone for floating times and all-day dates. Default Europe/Brussels. */
  readonly defaultTimeZone?: string;
  /** Keep only periods overlapping this window. */
  readonly window?: { readonly start: Date; readonly end: Date };
  /** BUSY-TENTATIVE and TENTATIVE events count as busy (default true: never over-promise). */
  readonly tentativeIsBusy?: boolean;
  readonly maxBytes?: number;
  readonly maxPeriods?: number;
}

export interface IcalImport {
  /** Sorted by start; overlapping or touching periods merged. */
  readonly busy: BusyInterval[];
  readonly warnings: string[];
}

export class IcalParseError extends AppException {
  constructor(message: string, line?: number) {
    super('ICAL_INVALID', 'invalid', line === undefined ? message : `line ${line}: ${message}`, line === undefined ? {} : { line });
    this.name = 'IcalParseError';
  }
}

const DEFAULT_MAX_BYTES = 2_000_000;
const DEFAULT_MAX_PERIODS = 5_000;

/** Outlook/Exchange write Windows zone names; these four follow the same EU rules as Brussels. */
const WINDOWS_ZONES: Record<string, string> = {
  'Romance Standard Time': 'Europe/Brussels',
  'W. Europe Standard Time': 'Europe/Brussels',
  'Central Europe Standard Time': 'Europe/Brussels',
  'Central European Standard Time': 'Europe/Brussels',
  'GMT Standard Time': 'Europe/London',
  UTC: 'UTC',
};

interface ContentLine {
  readonly name: string;
  readonly params: ReadonlyMap<string, string>;
  readonly value: string;
  readonly line: number;
}

/** The busy periods only; see parseIcalFreeBusy for the warnings. */
export function parseIcalBusy(text: string, options: IcalImportOptions = {}): BusyInterval[] {
  return parseIcalFreeBusy(text, options).busy;
}

export function parseIcalFreeBusy(text: string, options: IcalImportOptions = {}): IcalImport {
  if (typeof text !== 'string') {
    throw new IcalParseError('expected iCalendar text');
  }
  if (text.length > (options.maxBytes ?? DEFAULT_MAX_BYTES)) {
    throw new IcalParseError(`the calendar is larger than ${options.maxBytes ?? DEFAULT_MAX_BYTES} bytes`);
  }
  const parser = new IcalFreeBusyParser(options);
  parser.parse(text);
  return parser.result();
}

class IcalFreeBusyParser {
  private readonly zone: string;
  private readonly tentativeIsBusy: boolean;
  private readonly maxPeriods: number;
  private readonly periods: Array<[number, number]> = [];
  private readonly warnings = new Set<string>();
  private readonly stack: string[] = [];
  private event: ContentLine[] = [];

  constructor(private readonly options: IcalImportOptions) {
    this.zone = options.defaultTimeZone ?? BRUSSELS_TIME_ZONE;
    if (!isValidTimeZone(this.zone)) {
      throw new IcalParseError(`unknown default time zone '${this.zone}'`);
    }
    this.tentativeIsBusy = options.tentativeIsBusy ?? true;
    this.maxPeriods = options.maxPeriods ?? DEFAULT_MAX_PERIODS;
  }

  parse(text: string): void {
    // Unfold (RFC 5545 §3.1): a line break followed by one space or tab continues the line.
    const lines = text.replace(/\r\n[ \t]|\n[ \t]|\r[ \t]/g, '').split(/\r\n|\n|\r/);
    if (!/^BEGIN:VCALENDAR$/i.test(lines.find((l) => l.trim() !== '')?.trim() ?? '')) {
      throw new IcalParseError('not an iCalendar document (no BEGIN:VCALENDAR)');
    }
    lines.forEach((raw, index) => {
      if (raw.trim() === '') {
        return;
      }
      const line = parseContentLine(raw, index + 1);
      if (line.name === 'BEGIN') {
        const component = line.value.toUpperCase();
        this.stack.push(component);
        if (component === 'VEVENT') {
          this.event = [];
        }
        return;
      }
      if (line.name === 'END') {
        const component = line.value.toUpperCase();
        if (this.stack.pop() !== component) {
          throw new IcalParseError(`END:${component} does not close the open component`, line.line);
        }
        if (component === 'VEVENT') {
          this.endEvent();
        }
        return;
      }
      const current = this.stack[this.stack.length - 1];
      if (current === 'VEVENT') {
        this.event.push(line);
      } else if (current === 'VFREEBUSY' && line.name === 'FREEBUSY') {
        this.freeBusy(line);
      }
    });
    if (this.stack.length > 0) {
      throw new IcalParseError(`unterminated ${this.stack[this.stack.length - 1]}`);
    }
  }

  result(): IcalImport {
    const window = this.options.window;
    const kept = this.periods
      .filter(([start, end]) => !window || (start < window.end.getTime() && end > window.start.getTime()))
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged: Array<[number, number]> = [];
    for (const [start, end] of kept) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) {
        last[1] = Math.max(last[1], end);
      } else {
        merged.push([start, end]);
      }
    }
    return { busy: merged.map(([start, end]) => ({ start: new Date(start), end: new Date(end) })), warnings: [...this.warnings] };
  }

  private freeBusy(line: ContentLine): void {
    const type = (line.params.get('FBTYPE') ?? 'BUSY').toUpperCase();
    if (type === 'FREE' || (type === 'BUSY-TENTATIVE' && !this.tentativeIsBusy)) {
      return;
    }
    for (const period of line.value.split(',')) {
      const [from, to] = period.split('/');
      if (!from || !to) {
        throw new IcalParseError(`'${period}' is not a start/end or start/duration period`, line.line);
      }
      const start = this.dateTime(from.trim(), line.params, line.line);
      const end = /^[+-]?P/.test(to.trim())
        ? this.addDuration(start, to.trim(), from.trim().endsWith('Z') ? null : this.zoneOf(line.params), line.line)
        : this.dateTime(to.trim(), line.params, line.line);
      this.add(start, end, line.line);
    }
  }

  private endEvent(): void {
    const props = new Map<string, ContentLine>();
    for (const line of this.event) {
      if (!props.has(line.name)) {
        props.set(line.name, line);
      }
    }
    const status = props.get('STATUS')?.value.toUpperCase();
    if (status === 'CANCELLED' || props.get('TRANSP')?.value.toUpperCase() === 'TRANSPARENT') {
      return;
    }
    if (status === 'TENTATIVE' && !this.tentativeIsBusy) {
      return;
    }
    const dtStart = props.get('DTSTART');
    if (!dtStart) {
      this.warnings.add('an event without DTSTART was skipped');
      return;
    }
    const rruleLine = props.get('RRULE');
    if (props.has('RDATE') || (rruleLine && !expandable(rruleLine.value))) {
      this.warnings.add('this kind of recurrence is not expanded (only daily and weekly rules are): only its first occurrence counts; import a FREEBUSY export instead');
    }
    const allDay = isDateValue(dtStart);
    const start = allDay ? this.allDayStart(dtStart) : this.dateTime(dtStart.value, dtStart.params, dtStart.line);
    const dtEnd = props.get('DTEND');
    const duration = props.get('DURATION');
    let end: number;
    if (dtEnd) {
      end = isDateValue(dtEnd) ? this.allDayStart(dtEnd) : this.dateTime(dtEnd.value, dtEnd.params, dtEnd.line);
    } else if (duration) {
      const zone = !allDay && dtStart.value.endsWith('Z') ? null : this.zoneOf(dtStart.params);
      end = this.addDuration(start, duration.value, zone, duration.line);
    } else if (allDay) {
      end = this.allDayStart({ ...dtStart, value: formatDate(addDays(parseDate(dtStart.value, dtStart.line), 1)) });
    } else {
      return; // RFC 5545: a DATE-TIME event without end or duration takes no time
    }
    const rrule = rruleLine;
    if (!rrule || !expandable(rrule.value)) {
      this.add(start, end, dtStart.line);
      return;
    }
    // Occurrences keep the wall-clock time of the first one in its zone (so 09:00 stays 09:00
    // across a DST change); the UTC 'Z' form repeats every 24 h.
    const zone = !allDay && dtStart.value.endsWith('Z') ? 'UTC' : this.zoneOf(dtStart.params);
    const first = localDateTimeOf(start, zone);
    const lengthMs = end - start;
    const excluded = new Set<number>();
    for (const line of this.event.filter((l) => l.name === 'EXDATE')) {
      for (const v of line.value.split(',')) {
        excluded.add(isDateValue(line) || /^\d{8}$/.test(v.trim()) ? localToUtc(parseDate(v.trim(), line.line), first.minuteOfDay, zone) : this.dateTime(v.trim(), line.params, line.line));
      }
    }
    const horizon = this.options.window ? this.options.window.end.getTime() : start + RECURRENCE_HORIZON_MS;
    for (const date of occurrences(parseRule(rrule.value, rrule.line, (v) => (/^\d{8}$/.test(v) ? localToUtc(parseDate(v, rrule.line), 1440, zone) : this.dateTime(v, new Map(), rrule.line))), first, zone, horizon)) {
      const at = localToUtc(date, first.minuteOfDay, zone) + (start % 60_000);
      // Occurrences before the window are not kept (a years-old daily rule must not hit the period cap).
      if (!excluded.has(at) && !(this.options.window && at + lengthMs <= this.options.window.start.getTime())) {
        this.add(at, at + lengthMs, dtStart.line);
      }
    }
  }

  private add(start: number, end: number, line: number): void {
    if (end <= start) {
      this.warnings.add(`a period ending before it starts was skipped (line ${line})`);
      return;
    }
    if (this.periods.length >= this.maxPeriods) {
      throw new IcalParseError(`more than ${this.maxPeriods} busy periods`);
    }
    this.periods.push([start, end]);
  }

  private allDayStart(line: ContentLine): number {
    return localToUtc(parseDate(line.value, line.line), 0, this.zoneOf(line.params));
  }

  private dateTime(value: string, params: ReadonlyMap<string, string>, line: number): number {
    const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(value);
    if (!match) {
      throw new IcalParseError(`'${value}' is not an iCalendar DATE-TIME`, line);
    }
    const [, y, mo, d, h, mi, s, utc] = match;
    const date = checkDate({ year: Number(y), month: Number(mo), day: Number(d) }, value, line);
    if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
      throw new IcalParseError(`'${value}' has an impossible time`, line);
    }
    const seconds = Math.min(59, Number(s)) * 1000;
    if (utc) {
      return Date.UTC(date.year, date.month - 1, date.day, Number(h), Number(mi)) + seconds;
    }
    return localToUtc(date, Number(h) * 60 + Number(mi), this.zoneOf(params)) + seconds;
  }

  /**
   * Days and weeks are nominal (same wall-clock time, so 23 h or 25 h across DST) in zoned and
   * floating times, and 24 h in UTC (`zone` null); hours and less are always exact.
   */
  private addDuration(start: number, value: string, zone: string | null, line: number): number {
    const match = /^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
    if (!match || value.endsWith('P') || value.endsWith('T')) {
      throw new IcalParseError(`'${value}' is not a positive iCalendar DURATION`, line);
    }
    const days = Number(match[1] ?? 0) * 7 + Number(match[2] ?? 0);
    const exactMs = ((Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0)) * 60 + Number(match[5] ?? 0)) * 1000;
    let shifted = start;
    if (days > 0) {
      if (zone === null) {
        shifted = start + days * 86_400_000;
      } else {
        const local = localDateTimeOf(start, zone);
        shifted = localToUtc(addDays(local, days), local.minuteOfDay, zone) + (start % 60_000);
      }
    }
    return shifted + exactMs;
  }

  private zoneOf(params: ReadonlyMap<string, string>): string {
    const tzid = params.get('TZID');
    if (tzid === undefined) {
      return this.zone;
    }
    const zone = resolveTzid(tzid);
    if (zone) {
      return zone;
    }
    this.warnings.add(`unknown TZID '${tzid}' read as ${this.zone}`);
    return this.zone;
  }
}

/** Without an end (COUNT or UNTIL), a recurrence is expanded this far ahead of its first occurrence, or to the import window's end. */
const RECURRENCE_HORIZON_MS = 400 * 86_400_000;
const MAX_RECURRENCE_STEPS = 10_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

interface RecurrenceRule {
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  count?: number;
  /** UTC instant; occurrences starting after it are not part of the rule. */
  until?: number;
  /** Weekdays (0 = Sunday) for a weekly rule; default the first occurrence's. */
  byDay?: number[];
}

/** Daily and weekly rules without BYxxx parts other than BYDAY (weekly) are expanded; the others are not. */
function expandable(value: string): boolean {
  const parts = new Map(value.split(';').map((p) => p.split('=') as [string, string]));
  const freq = parts.get('FREQ')?.toUpperCase();
  if (freq !== 'DAILY' && freq !== 'WEEKLY') {
    return false;
  }
  return [...parts.keys()].every((k) => ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'WKST'].includes(k.toUpperCase()) || (k.toUpperCase() === 'BYDAY' && freq === 'WEEKLY'));
}

function parseRule(value: string, line: number, instant: (v: string) => number): RecurrenceRule {
  const parts = new Map(value.split(';').map((p) => { const [k, v] = p.split('='); return [k.toUpperCase(), (v ?? '').toUpperCase()] as [string, string]; }));
  const positive = (name: string): number | undefined => {
    const v = parts.get(name);
    if (v === undefined) {
      return undefined;
    }
    if (!/^\d{1,4}$/.test(v) || Number(v) < 1) {
      throw new IcalParseError(`RRULE ${name} must be a positive number`, line);
    }
    return Number(v);
  };
  const byDay = parts.get('BYDAY')?.split(',').map((d) => {
    const i = WEEKDAYS.indexOf(d.trim());
    if (i < 0) {
      throw new IcalParseError(`RRULE BYDAY '${d}' is not a weekday`, line);
    }
    return i;
  });
  const until = parts.get('UNTIL');
  return { freq: parts.get('FREQ') as RecurrenceRule['freq'], interval: positive('INTERVAL') ?? 1, count: positive('COUNT'), until: until ? instant(until) : undefined, ...(byDay ? { byDay } : {}) };
}

/** The local dates of a rule's occurrences, the first one included, up to COUNT, UNTIL or the horizon. */
function* occurrences(rule: RecurrenceRule, first: LocalDate & { minuteOfDay: number }, zone: string, horizon: number): Generator<LocalDate> {
  const firstWeekday = weekdayOf(first);
  const days = rule.freq === 'WEEKLY' ? [...new Set(rule.byDay ?? [firstWeekday])].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)) : [];
  // Weekly rules step through weeks starting on Monday (WKST=MO, the default and what Belgian calendars use).
  const monday = addDays(first, -((firstWeekday + 6) % 7));
  const firstAt = localToUtc(first, first.minuteOfDay, zone);
  let emitted = 0;
  for (let step = 0; step < MAX_RECURRENCE_STEPS; step++) {
    const candidates = rule.freq === 'DAILY' ? [addDays(first, step * rule.interval)] : days.map((d) => addDays(monday, step * 7 * rule.interval + ((d + 6) % 7)));
    for (const date of candidates) {
      const at = localToUtc(date, first.minuteOfDay, zone);
      if (at < firstAt) {
        continue; // before DTSTART in its first week
      }
      if ((rule.until !== undefined && at > rule.until) || at >= horizon || (rule.count !== undefined && emitted >= rule.count)) {
        return;
      }
      emitted++;
      yield date;
    }
  }
}

function resolveTzid(tzid: string): string | undefined {
  const name = tzid.trim();
  const windows = WINDOWS_ZONES[name];
  if (windows) {
    return windows;
  }
  if (isValidTimeZone(name)) {
    return name;
  }
  // e.g. "/mozilla.org/20050126_1/Europe/Brussels" or "/citadel.org/20190914_1/Europe/Brussels"
  const tail = /([A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?)$/.exec(name)?.[1];
  return tail && isValidTimeZone(tail) ? tail : undefined;
}

function isDateValue(line: ContentLine): boolean {
  return line.params.get('VALUE')?.toUpperCase() === 'DATE' || /^\d{8}$/.test(line.value);
}

function parseDate(value: string, line: number): LocalDate {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) {
    throw new IcalParseError(`'${value}' is not an iCalendar DATE`, line);
  }
  return checkDate({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, value, line);
}

function checkDate(date: LocalDate, value: string, line: number): LocalDate {
  const probe = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (probe.getUTCMonth() !== date.month - 1 || probe.getUTCDate() !== date.day) {
    throw new IcalParseError(`'${value}' is not a calendar date`, line);
  }
  return date;
}

function formatDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}${String(date.month).padStart(2, '0')}${String(date.day).padStart(2, '0')}`;
}

/** name *(";" param "=" value) ":" value, with double-quoted parameter values. */
function parseContentLine(raw: string, line: number): ContentLine {
  const nameEnd = raw.search(/[;:]/);
  if (nameEnd <= 0) {
    throw new IcalParseError('expected NAME[;PARAM=VALUE]:VALUE', line);
  }
  const name = raw.slice(0, nameEnd).toUpperCase();
  let i = nameEnd;
  const params = new Map<string, string>();
  while (raw[i] === ';') {
    const eq = raw.indexOf('=', i);
    if (eq < 0) {
      throw new IcalParseError(`malformed parameter in ${name}`, line);
    }
    const key = raw.slice(i + 1, eq).toUpperCase();
    i = eq + 1;
    let value: string;
    if (raw[i] === '"') {
      const close = raw.indexOf('"', i + 1);
      if (close < 0) {
        throw new IcalParseError(`unterminated quoted parameter in ${name}`, line);
      }
      value = raw.slice(i + 1, close);
      i = close + 1;
    } else {
      const end = raw.slice(i).search(/[;:]/);
      if (end < 0) {
        throw new IcalParseError(`missing ':' after the parameters of ${name}`, line);
      }
      value = raw.slice(i, i + end);
      i += end;
    }
    params.set(key, value);
  }
  if (raw[i] !== ':') {
    throw new IcalParseError(`missing ':' in ${name}`, line);
  }
  return { name, params, value: raw.slice(i + 1).trim(), line };
}
