/**
 * Wall-clock time in Europe/Brussels (or any IANA zone) with nothing but Intl: the one copy for
 * every service (slot finding, calendar import, invitations, reminders, iCalendar files).
 *
 * Local → UTC follows Temporal's 'compatible' disambiguation, so results are deterministic on
 * both DST transitions:
 * - spring-forward gap (2026-03-29 02:00–03:00 does not exist): the time moves forward by the
 *   gap, 02:30 → 03:30 CEST = 01:30Z;
 * - fall-back overlap (2026-10-25 02:00–03:00 happens twice): the earlier instant wins,
 *   02:30 → 02:30 CEST = 00:30Z.
 */
export const BRUSSELS_TIME_ZONE = 'Europe/Brussels';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface LocalDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
}

/** One calendar day in the zone, as the UTC instants of its local midnights. */
export interface LocalDay extends LocalDate {
  /** 0 = Sunday … 6 = Saturday, as Date#getDay. */
  readonly weekday: number;
  readonly startUtc: number;
  readonly endUtc: number;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    // 'longOffset' renders "GMT+02:00" (or plain "GMT"): the cheapest Intl call that yields the offset.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

const OFFSET_PATTERN = /GMT([+-])(\d{2}):(\d{2})/;

/** UTC offset of the zone at an instant, in minutes (Brussels: 60 in winter, 120 in summer). */
export function offsetMinutesAt(epochMs: number, timeZone: string = BRUSSELS_TIME_ZONE): number {
  const match = OFFSET_PATTERN.exec(offsetFormatter(timeZone).format(epochMs));
  if (!match) {
    return 0;
  }
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    offsetFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Local calendar date and minute of day of an instant. */
export function localDateTimeOf(
  epochMs: number,
  timeZone: string = BRUSSELS_TIME_ZONE,
): LocalDate & { minuteOfDay: number } {
  const shifted = new Date(epochMs + offsetMinutesAt(epochMs, timeZone) * MINUTE_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    minuteOfDay: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/**
 * UTC instant of a local wall-clock time. `minuteOfDay` may be 1440 (24:00, the next midnight).
 * Assumes at most one offset change within a day either side, which holds for every European zone.
 */
export function localToUtc(date: LocalDate, minuteOfDay: number, timeZone: string = BRUSSELS_TIME_ZONE): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
  const before = offsetMinutesAt(wall - DAY_MS, timeZone);
  const after = offsetMinutesAt(wall + DAY_MS, timeZone);
  if (before === after) {
    return wall - before * MINUTE_MS;
  }
  const earlier = wall - Math.max(before, after) * MINUTE_MS;
  const later = wall - Math.min(before, after) * MINUTE_MS;
  const earlierValid = offsetMinutesAt(earlier, timeZone) === Math.max(before, after);
  const laterValid = offsetMinutesAt(later, timeZone) === Math.min(before, after);
  if (earlierValid) {
    return earlier; // the only match, or the first of two in a fall-back overlap
  }
  if (laterValid) {
    return later;
  }
  // Spring-forward gap: keep the offset in force before the gap, which moves the time forward.
  return wall - before * MINUTE_MS;
}

/** The local days whose span intersects [fromMs, toMs). */
export function localDaysCovering(fromMs: number, toMs: number, timeZone: string = BRUSSELS_TIME_ZONE): LocalDay[] {
  const days: LocalDay[] = [];
  if (toMs <= fromMs) {
    return days;
  }
  const first = localDateTimeOf(fromMs, timeZone);
  let date: LocalDate = { year: first.year, month: first.month, day: first.day };
  let startUtc = localToUtc(date, 0, timeZone);
  while (startUtc < toMs) {
    const next = addDays(date, 1);
    const endUtc = localToUtc(next, 0, timeZone);
    days.push({ ...date, weekday: weekdayOf(date), startUtc, endUtc });
    date = next;
    startUtc = endUtc;
  }
  return days;
}

/**
 * Local wall-clock minute → UTC within one day. A day of exactly 24 h has one offset (one Intl-free
 * addition); the two transition days per year take the careful path.
 */
export function dayMinuteToUtc(day: LocalDay, minuteOfDay: number, timeZone: string = BRUSSELS_TIME_ZONE): number {
  if (day.endUtc - day.startUtc === DAY_MS) {
    return day.startUtc + minuteOfDay * MINUTE_MS;
  }
  return localToUtc(day, minuteOfDay, timeZone);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** ISO 8601 with the zone's offset, e.g. "2026-10-26T09:00:00+01:00". Seconds precision. */
export function toZonedIso(epochMs: number, timeZone: string = BRUSSELS_TIME_ZONE): string {
  const offset = offsetMinutesAt(epochMs, timeZone);
  const local = new Date(epochMs + offset * MINUTE_MS);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${String(local.getUTCFullYear()).padStart(4, '0')}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** All meetings happen in Brussels; times are shown and written in its legal time, whatever the server's zone. */
export const BRUSSELS_TZ = BRUSSELS_TIME_ZONE;

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: BRUSSELS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Wall-clock time in Brussels for an instant (CET in winter, CEST in summer). */
export function brusselsLocal(instant: Date): LocalDateTime {
  if (Number.isNaN(instant.getTime())) {
    throw new RangeError('Invalid date');
  }
  const parts = partsFormatter.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    if (!part) {
      throw new Error(`Intl did not return the ${type} part`);
    }
    return Number(part.value);
  };
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of Brussels from UTC at that instant, in minutes (60 or 120). */
export function brusselsOffsetMinutes(instant: Date): number {
  const l = brusselsLocal(instant);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** iCalendar local DATE-TIME (no "Z"), to be used with TZID=Europe/Brussels: 20261027T100000. */
export function icsLocalDateTime(instant: Date): string {
  const l = brusselsLocal(instant);
  return `${pad(l.year, 4)}${pad(l.month)}${pad(l.day)}T${pad(l.hour)}${pad(l.minute)}${pad(l.second)}`;
}

/** iCalendar UTC DATE-TIME: 20261027T090000Z. */
export function icsUtcDateTime(instant: Date): string {
  if (Number.isNaN(instant.getTime())) {
    throw new RangeError('Invalid date');
  }
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The languages Brussels time is written in: its two official languages, and English for everyone else. */
export type BrusselsLanguage = 'fr' | 'nl' | 'en';

/** Belgian French and Dutch, British English: day before month, 24-hour clock. */
const DATE_LOCALE: Record<BrusselsLanguage, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

const dateFormatters = new Map<BrusselsLanguage, Intl.DateTimeFormat>();
const timeFormatters = new Map<BrusselsLanguage, Intl.DateTimeFormat>();

/** "mardi 27 octobre 2026" / "dinsdag 27 oktober 2026" / "Tuesday 27 October 2026", Brussels time. */
export function formatDate(instant: Date, language: BrusselsLanguage): string {
  let f = dateFormatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(DATE_LOCALE[language], {
      timeZone: BRUSSELS_TIME_ZONE,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    dateFormatters.set(language, f);
  }
  // en-GB puts a comma after the weekday; plain text reads better without it.
  return f.format(instant).replace(/^(\p{L}+),\s/u, '$1 ');
}

/** "10:00" (24-hour clock), Brussels time. */
export function formatTime(instant: Date, language: BrusselsLanguage): string {
  let f = timeFormatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(DATE_LOCALE[language], {
      timeZone: BRUSSELS_TIME_ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormatters.set(language, f);
  }
  return f.format(instant);
}
