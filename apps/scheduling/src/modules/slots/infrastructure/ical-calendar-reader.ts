import ICAL from 'ical.js';
import { BRUSSELS_TIME_ZONE, isValidTimeZone, type LocalDate, localToUtc } from '#concerto/ddd';
import {
  CALENDAR_LIMITS,
  type CalendarImport,
  CalendarImportError,
  type CalendarReadOptions,
  CalendarWarnings,
  mergeBusy,
} from '../domain/calendar-import.js';
import { WINDOWS_TO_IANA } from './windows-zones.js';

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
type Time = InstanceType<typeof ICAL.Time>;
type Timezone = InstanceType<typeof ICAL.Timezone>;
type Recur = InstanceType<typeof ICAL.Recur>;
type Duration = InstanceType<typeof ICAL.Duration>;
type Period = InstanceType<typeof ICAL.Period>;

/** How wall-clock fields become an instant: UTC, a VTIMEZONE written in the file, or an IANA zone. */
type ZoneRef = { readonly utc: true } | { readonly ical: Timezone } | { readonly iana: string };

interface Fields extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const DAY_MS = 86_400_000;
const FLOATING_ZONE: ZoneRef = { iana: BRUSSELS_TIME_ZONE };

/**
 * Busy periods of an iCalendar export (RFC 5545), read and expanded with ical.js, inside a window.
 *
 * - VEVENT: DTSTART/DTEND or DURATION (nominal days, RFC 5545 §3.3.6), all-day DATE values
 *   (local midnight to local midnight in Brussels), floating times (Brussels), STATUS:CANCELLED
 *   and TRANSP:TRANSPARENT (not busy), TENTATIVE (busy unless told otherwise).
 * - Recurrences: every RRULE ical.js iterates (monthly, yearly, BYSETPOS, WKST…), RDATE, EXDATE,
 *   and RECURRENCE-ID overrides (moved and cancelled occurrences), matched by instant.
 * - Zones: a VTIMEZONE in the file wins (ical.js applies it); a TZID without one is resolved as
 *   an IANA name, a Windows name (Outlook), or a prefixed id ("/mozilla.org/…/Europe/Brussels").
 * - VFREEBUSY: FREEBUSY periods, FBTYPE=FREE skipped.
 *
 * Work is bounded by CALENDAR_LIMITS: an open-ended rule that started years ago is fast-forwarded
 * to the window by whole periods of its frequency, never iterated from DTSTART one by one.
 * Synchronous: run it in a worker thread (CalendarReaderWorkerPool).
 */
export function readIcalCalendar(text: string, options: CalendarReadOptions): CalendarImport {
  if (typeof text !== 'string') {
    throw new CalendarImportError('ICAL_INVALID', 'Expected iCalendar text.');
  }
  if (text.length > CALENDAR_LIMITS.maxChars) {
    throw new CalendarImportError(
      'ICAL_TOO_COMPLEX',
      `The calendar is larger than ${CALENDAR_LIMITS.maxChars} characters.`,
      { limit: CALENDAR_LIMITS.maxChars },
    );
  }
  prescan(text);
  let root: Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw new CalendarImportError(
      'ICAL_INVALID',
      `Not a valid iCalendar document: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}.`,
    );
  }
  if (root.name !== 'vcalendar') {
    throw new CalendarImportError('ICAL_INVALID', 'Not an iCalendar document (no BEGIN:VCALENDAR).');
  }
  return new CalendarExpansion(root, options).run();
}

/**
 * Counts components and nesting in one linear pass before ical.js builds its tree, so a file of
 * 100,000 components or 10,000 nested levels is refused before any allocation it would cause.
 */
function prescan(text: string): void {
  let depth = 0;
  let components = 0;
  let events = 0;
  const re = /^(BEGIN|END):([A-Za-z0-9-]+)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1].toUpperCase() === 'END') {
      depth--;
      continue;
    }
    depth++;
    components++;
    if (m[2].toUpperCase() === 'VEVENT') {
      events++;
    }
    if (depth > CALENDAR_LIMITS.maxDepth) {
      throw new CalendarImportError(
        'ICAL_TOO_COMPLEX',
        `Components are nested more than ${CALENDAR_LIMITS.maxDepth} deep.`,
        { limit: CALENDAR_LIMITS.maxDepth },
      );
    }
  }
  if (components > CALENDAR_LIMITS.maxComponents) {
    throw new CalendarImportError(
      'ICAL_TOO_COMPLEX',
      `The calendar has more than ${CALENDAR_LIMITS.maxComponents} components.`,
      { limit: CALENDAR_LIMITS.maxComponents },
    );
  }
  if (events > CALENDAR_LIMITS.maxEvents) {
    throw new CalendarImportError(
      'ICAL_TOO_COMPLEX',
      `The calendar has more than ${CALENDAR_LIMITS.maxEvents} events; export a shorter period or a free/busy file.`,
      {
        limit: CALENDAR_LIMITS.maxEvents,
      },
    );
  }
}

class CalendarExpansion {
  private readonly from: number;
  private readonly to: number;
  private readonly tentativeIsBusy: boolean;
  private readonly periods: Array<[number, number]> = [];
  private readonly warnings = new CalendarWarnings();
  private steps = 0;

  constructor(
    private readonly root: Component,
    private readonly options: CalendarReadOptions,
  ) {
    this.from = options.window.start.getTime();
    this.to = options.window.end.getTime();
    this.tentativeIsBusy = options.tentativeIsBusy ?? true;
  }

  run(): CalendarImport {
    const events = this.root.getAllSubcomponents('vevent');
    // RECURRENCE-ID components replace one occurrence of the series with the same UID.
    const overridden = new Map<string, Set<string>>();
    for (const event of events) {
      const recurrenceId = event.getFirstProperty('recurrence-id');
      if (recurrenceId) {
        const uid = String(event.getFirstPropertyValue('uid') ?? '');
        const keys = overridden.get(uid) ?? new Set<string>();
        keys.add(this.occurrenceKey(recurrenceId));
        overridden.set(uid, keys);
        if (String(recurrenceId.getParameter('range') ?? '').toUpperCase() === 'THISANDFUTURE') {
          this.warnings.add(
            'range-override',
            'A change to "this and following occurrences" (RANGE=THISANDFUTURE) was read as a change to one occurrence.',
            uid,
          );
        }
      }
    }
    for (const event of events) {
      const uid = String(event.getFirstPropertyValue('uid') ?? '');
      this.event(event, uid, event.getFirstProperty('recurrence-id') ? new Set() : (overridden.get(uid) ?? new Set()));
    }
    for (const freeBusy of this.root.getAllSubcomponents('vfreebusy')) {
      this.freeBusy(freeBusy);
    }
    return {
      busy: mergeBusy(this.periods, this.options.window),
      warnings: this.warnings.list(),
      window: this.options.window,
    };
  }

  private event(event: Component, uid: string, overridden: ReadonlySet<string>): void {
    const status = String(event.getFirstPropertyValue('status') ?? '').toUpperCase();
    if (status === 'CANCELLED') {
      this.warnings.add('cancelled', 'Cancelled events (or occurrences) are not busy time.', uid);
      return;
    }
    if (String(event.getFirstPropertyValue('transp') ?? '').toUpperCase() === 'TRANSPARENT') {
      this.warnings.add('transparent', 'Events shown as free (TRANSP:TRANSPARENT) are not busy time.', uid);
      return;
    }
    if (status === 'TENTATIVE' && !this.tentativeIsBusy) {
      return;
    }
    const dtstart = event.getFirstProperty('dtstart');
    const start = dtstart?.getFirstValue() as Time | null | undefined;
    if (!dtstart || !start) {
      this.warnings.add('no-start', 'An event without a start (DTSTART) was skipped.', uid);
      return;
    }
    const zone = this.zoneOf(dtstart, start, uid);
    const startFields = fieldsOf(start);
    const startMs = localMs(startFields, zone);
    const end = this.endOf(event, start, startFields, startMs, zone, uid);
    if (end === undefined) {
      return;
    }
    const lengthMs = end(startFields, startMs) - startMs;
    if (lengthMs <= 0) {
      this.warnings.add('empty-period', 'An event ending when or before it starts takes no time.', uid);
      return;
    }
    const excluded = this.exdates(event, uid);
    let kept = 0;
    let recurs = false;
    const emit = (fields: Fields | null, ms: number): void => {
      if (
        overridden.has(start.isDate ? `d${ms}` : String(ms)) ||
        excluded.has(String(ms)) ||
        (fields !== null && excluded.has(dateKey(fields)))
      ) {
        return;
      }
      const endMs = fields ? end(fields, ms) : ms + lengthMs;
      if (ms < this.to && endMs > this.from) {
        if (++kept > CALENDAR_LIMITS.maxOccurrencesPerEvent) {
          throw new CalendarImportError(
            'ICAL_TOO_COMPLEX',
            `An event recurs more than ${CALENDAR_LIMITS.maxOccurrencesPerEvent} times in the window.`,
            { uid: uid.slice(0, 200) },
          );
        }
        this.add(ms, endMs);
      }
    };
    // DTSTART is always the first occurrence (RFC 5545 §3.8.5.3), whether or not the rule matches it.
    emit(startFields, startMs);
    for (const rrule of event.getAllProperties('rrule')) {
      recurs = true;
      this.expandRule(rrule.getFirstValue() as Recur, start, startMs, lengthMs, zone, uid, emit);
    }
    for (const rdate of event.getAllProperties('rdate')) {
      recurs = true;
      for (const value of rdate.getValues() as Array<Time | Period>) {
        const at = value instanceof ICAL.Period ? value.start : value;
        if (at.isDate && !start.isDate) {
          // A date-only RDATE of a timed event: that day, at DTSTART's time of day.
          const fields = {
            ...fieldsOf(at),
            hour: startFields.hour,
            minute: startFields.minute,
            second: startFields.second,
          };
          emit(fields, localMs(fields, zone));
        } else {
          const atZone = this.zoneOf(rdate, at, uid);
          emit(sameZoneRef(atZone, zone) ? fieldsOf(at) : null, localMs(fieldsOf(at), atZone));
        }
      }
    }
    if (kept === 0 && (recurs ? false : startMs + lengthMs <= this.from || startMs >= this.to)) {
      this.warnings.add('outside-window', 'Events entirely outside the window were skipped.', uid);
    }
  }

  /**
   * Iterates one rule with ical.js. An open-ended rule whose DTSTART lies before the window is
   * restarted a whole number of its periods later (same weekday, day of month, week alignment),
   * shortly before the window: its occurrences in the window are the same, and the work is a few
   * periods instead of one step per occurrence since DTSTART.
   */
  private expandRule(
    rule: Recur,
    start: Time,
    startMs: number,
    lengthMs: number,
    zone: ZoneRef,
    uid: string,
    emit: (fields: Fields, ms: number) => void,
  ): void {
    if (rule.count !== null && rule.count !== undefined && rule.count > CALENDAR_LIMITS.maxCount) {
      throw new CalendarImportError(
        'ICAL_TOO_COMPLEX',
        `A recurrence rule has COUNT=${rule.count}; at most ${CALENDAR_LIMITS.maxCount} are read.`,
        { uid: uid.slice(0, 200) },
      );
    }
    if (
      rule.until &&
      localMs(fieldsOf(rule.until), rule.until.zone === ICAL.Timezone.utcTimezone ? { utc: true } : zone) <
        this.from - lengthMs - DAY_MS
    ) {
      return; // ended before the window
    }
    let origin = start;
    let shifted = false;
    if (!rule.count && startMs < this.from - lengthMs - 2 * DAY_MS) {
      const moved = fastForward(start, rule, this.from - lengthMs - DAY_MS);
      if (moved) {
        origin = moved;
        shifted = true;
      }
    }
    let iterator;
    try {
      iterator = rule.iterator(origin);
    } catch (error) {
      this.warnings.add(
        'invalid-rule',
        `A recurrence rule ical.js cannot expand was read as its first occurrence only (${error instanceof Error ? error.message.slice(0, 120) : 'invalid'}).`,
        uid,
      );
      return;
    }
    // The first step is DTSTART itself (emitted by the caller) or the restart point, which may not match the rule.
    let first = true;
    for (;;) {
      if (++this.steps > CALENDAR_LIMITS.maxSteps) {
        throw new CalendarImportError(
          'ICAL_TOO_COMPLEX',
          `Expanding the recurrences takes more than ${CALENDAR_LIMITS.maxSteps} steps.`,
          { limit: CALENDAR_LIMITS.maxSteps },
        );
      }
      let next: Time | null;
      try {
        next = iterator.next();
      } catch (error) {
        this.warnings.add(
          'invalid-rule',
          `A recurrence rule stopped expanding early (${error instanceof Error ? error.message.slice(0, 120) : 'invalid'}).`,
          uid,
        );
        return;
      }
      if (!next) {
        return;
      }
      if (first) {
        first = false;
        continue;
      }
      const fields = fieldsOf(next);
      const ms = localMs(fields, zone);
      if (ms >= this.to) {
        return;
      }
      if (!shifted || ms > this.from - lengthMs - DAY_MS) {
        emit(fields, ms);
      }
    }
  }

  /** The end of an occurrence from its start: DTEND's wall-clock distance, DURATION, or one day for an all-day event. */
  private endOf(
    event: Component,
    start: Time,
    startFields: Fields,
    startMs: number,
    zone: ZoneRef,
    uid: string,
  ): ((fields: Fields, ms: number) => number) | undefined {
    const dtend = event.getFirstProperty('dtend');
    const endTime = dtend?.getFirstValue() as Time | null | undefined;
    if (dtend && endTime) {
      const endFields = fieldsOf(endTime);
      const endZone = endTime.isDate ? zone : this.zoneOf(dtend, endTime, uid);
      if (endTime.isDate || sameZoneRef(endZone, zone)) {
        const nominal = wallMs(endFields) - wallMs(startFields);
        return (fields) => localMs(fromWall(wallMs(fields) + nominal), zone);
      }
      const exact = localMs(endFields, endZone) - startMs;
      return (_fields, ms) => ms + exact;
    }
    const duration = event.getFirstPropertyValue('duration') as Duration | null;
    if (duration) {
      const sign = duration.isNegative ? -1 : 1;
      const days = sign * ((duration.weeks ?? 0) * 7 + (duration.days ?? 0));
      const exact =
        sign * (((duration.hours ?? 0) * 60 + (duration.minutes ?? 0)) * 60 + (duration.seconds ?? 0)) * 1000;
      return (fields, ms) => (days === 0 ? ms : localMs(fromWall(wallMs(fields) + days * DAY_MS), zone)) + exact;
    }
    if (start.isDate) {
      return (fields) => localMs(fromWall(wallMs(fields) + DAY_MS), zone);
    }
    // RFC 5545 §3.6.1: a DATE-TIME event without DTEND or DURATION takes no time.
    this.warnings.add('empty-period', 'An event ending when or before it starts takes no time.', uid);
    return undefined;
  }

  /** EXDATE instants (and dates, for DATE-valued ones), compared by instant, whatever zone they are written in. */
  private exdates(event: Component, uid: string): Set<string> {
    const keys = new Set<string>();
    for (const prop of event.getAllProperties('exdate')) {
      for (const value of prop.getValues() as Time[]) {
        keys.add(
          value.isDate ? dateKey(fieldsOf(value)) : String(localMs(fieldsOf(value), this.zoneOf(prop, value, uid))),
        );
      }
    }
    return keys;
  }

  private occurrenceKey(prop: Property): string {
    const value = prop.getFirstValue() as Time;
    return value.isDate
      ? `d${localMs(fieldsOf(value), FLOATING_ZONE)}`
      : String(localMs(fieldsOf(value), this.zoneOf(prop, value, '')));
  }

  private freeBusy(component: Component): void {
    for (const prop of component.getAllProperties('freebusy')) {
      const type = String(prop.getParameter('fbtype') ?? 'BUSY').toUpperCase();
      if (type === 'FREE' || (type === 'BUSY-TENTATIVE' && !this.tentativeIsBusy)) {
        continue;
      }
      for (const period of prop.getValues() as Period[]) {
        const startMs = localMs(fieldsOf(period.start), this.zoneOf(prop, period.start, ''));
        const endMs = period.end
          ? localMs(fieldsOf(period.end), this.zoneOf(prop, period.end, ''))
          : startMs + (period.duration ? period.duration.toSeconds() * 1000 : 0);
        if (endMs <= startMs) {
          this.warnings.add('empty-period', 'A free/busy period ending when or before it starts was skipped.');
        } else if (startMs < this.to && endMs > this.from) {
          this.add(startMs, endMs);
        }
      }
    }
  }

  private add(start: number, end: number): void {
    if (this.periods.length >= CALENDAR_LIMITS.maxPeriods) {
      throw new CalendarImportError(
        'ICAL_TOO_COMPLEX',
        `More than ${CALENDAR_LIMITS.maxPeriods} busy periods in the window.`,
        { limit: CALENDAR_LIMITS.maxPeriods },
      );
    }
    this.periods.push([start, end]);
  }

  private zoneOf(prop: Property, value: Time, uid: string): ZoneRef {
    if (value.isDate) {
      return FLOATING_ZONE;
    }
    if (value.zone === ICAL.Timezone.utcTimezone || value.zone?.tzid === 'UTC') {
      return { utc: true };
    }
    const tzid = prop.getParameter('tzid');
    if (typeof tzid !== 'string' || tzid === '') {
      return FLOATING_ZONE;
    }
    // ical.js attached the file's own VTIMEZONE definition when there is one.
    if (value.zone && value.zone !== ICAL.Timezone.localTimezone && value.zone.component) {
      return { ical: value.zone };
    }
    const iana = resolveTzid(tzid);
    if (iana) {
      return { iana };
    }
    this.warnings.add(
      'unknown-timezone',
      `Unknown time zone '${tzid.slice(0, 80)}' read as ${BRUSSELS_TIME_ZONE}.`,
      uid || undefined,
    );
    return FLOATING_ZONE;
  }
}

/** The restart point: DTSTART moved by whole periods of the rule's frequency to just before `targetMs`. */
function fastForward(start: Time, rule: Recur, targetMs: number): Time | undefined {
  const interval = Math.max(1, rule.interval || 1);
  const from = fieldsOf(start);
  // Wall-clock of the target read as UTC: off by the zone's offset, which the caller's one-day margin absorbs.
  const target = fromWall(targetMs);
  const clone = (fields: LocalDate): Time | undefined => {
    if (!validDate(fields)) {
      return undefined;
    }
    const moved = start.clone();
    moved.year = fields.year;
    moved.month = fields.month;
    moved.day = fields.day;
    return moved;
  };
  const days = Math.floor(
    (wallMs({ ...target, hour: 0, minute: 0, second: 0 }) - wallMs({ ...from, hour: 0, minute: 0, second: 0 })) /
      DAY_MS,
  );
  switch (rule.freq) {
    case 'YEARLY':
    case 'MONTHLY': {
      const unit = rule.freq === 'YEARLY' ? 12 * interval : interval;
      const months = (target.year - from.year) * 12 + (target.month - from.month) - 1;
      // A 31st (or a 29 February) only exists in some periods: step back until it does.
      for (let k = Math.floor(months / unit); k > 0 && k > Math.floor(months / unit) - 12; k--) {
        const total = from.month - 1 + k * unit;
        const moved = clone({ year: from.year + Math.floor(total / 12), month: (total % 12) + 1, day: from.day });
        if (moved) {
          return moved;
        }
      }
      return undefined;
    }
    case 'WEEKLY':
    case 'DAILY': {
      const unit = (rule.freq === 'WEEKLY' ? 7 : 1) * interval;
      const k = Math.floor((days - 1) / unit);
      return k > 0
        ? clone(fromWall(wallMs({ ...from, hour: 0, minute: 0, second: 0 }) + k * unit * DAY_MS))
        : undefined;
    }
    default: {
      // HOURLY, MINUTELY, SECONDLY: whole periods of wall-clock seconds.
      const unitS = { HOURLY: 3600, MINUTELY: 60, SECONDLY: 1 }[rule.freq as 'HOURLY'] * interval;
      const k = Math.floor((wallMs(target) - wallMs(from)) / 1000 / unitS) - 1;
      if (k <= 0) {
        return undefined;
      }
      const moved = start.clone();
      moved.adjust(0, 0, 0, k * unitS);
      return moved;
    }
  }
}

function resolveTzid(tzid: string): string | undefined {
  const name = tzid.trim().replace(/^"|"$/g, '');
  const windows = WINDOWS_TO_IANA[name];
  if (windows) {
    return windows;
  }
  if (isValidTimeZone(name)) {
    return name;
  }
  // "/mozilla.org/20050126_1/Europe/Brussels", "/citadel.org/20190914_1/Europe/Brussels", "(UTC+01:00) Brussels"…
  const tail = /([A-Za-z_]+\/[A-Za-z_-]+(?:\/[A-Za-z_-]+)?)$/.exec(name)?.[1];
  if (tail && isValidTimeZone(tail)) {
    return tail;
  }
  return /\bBrussels\b|\bBruxelles\b|\bBrussel\b/i.test(name) ? BRUSSELS_TIME_ZONE : undefined;
}

function fieldsOf(time: Time): Fields {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.isDate ? 0 : time.hour,
    minute: time.isDate ? 0 : time.minute,
    second: time.isDate ? 0 : time.second,
  };
}

/** Wall-clock fields as if they were UTC: for nominal (calendar) arithmetic. */
function wallMs(f: Fields): number {
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
}

function fromWall(ms: number): Fields {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

function localMs(f: Fields, zone: ZoneRef): number {
  if ('utc' in zone) {
    return wallMs(f);
  }
  if ('ical' in zone) {
    return (
      ICAL.Time.fromData(
        { year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second, isDate: false },
        zone.ical,
      ).toUnixTime() * 1000
    );
  }
  return localToUtc({ year: f.year, month: f.month, day: f.day }, f.hour * 60 + f.minute, zone.iana) + f.second * 1000;
}

function dateKey(f: LocalDate): string {
  return `${f.year}-${f.month}-${f.day}`;
}

function validDate(f: LocalDate): boolean {
  const probe = new Date(Date.UTC(f.year, f.month - 1, f.day));
  return probe.getUTCMonth() === f.month - 1 && probe.getUTCDate() === f.day;
}

function sameZoneRef(a: ZoneRef, b: ZoneRef): boolean {
  return (
    ('utc' in a && 'utc' in b) ||
    ('ical' in a && 'ical' in b && a.ical === b.ical) ||
    ('iana' in a && 'iana' in b && a.iana === b.iana)
  );
}
