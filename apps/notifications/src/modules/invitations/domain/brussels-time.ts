import { DATE_LOCALE, type ServedLanguage } from './language.js';

/** All meetings happen in Brussels; times are shown and written in its legal time, whatever the server's zone. */
export const BRUSSELS_TZ = 'Europe/Brussels';

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: BRUSSELS_TZ,
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
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
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
  return instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const dateFormatters = new Map<ServedLanguage, Intl.DateTimeFormat>();
const timeFormatters = new Map<ServedLanguage, Intl.DateTimeFormat>();

/** "mardi 27 octobre 2026" / "dinsdag 27 oktober 2026" / "Tuesday 27 October 2026", Brussels time. */
export function formatDate(instant: Date, language: ServedLanguage): string {
  let f = dateFormatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(DATE_LOCALE[language], { timeZone: BRUSSELS_TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    dateFormatters.set(language, f);
  }
  // en-GB puts a comma after the weekday; plain text reads better without it.
  return f.format(instant).replace(/^(\p{L}+),\s/u, '$1 ');
}

/** "10:00" (24-hour clock), Brussels time. */
export function formatTime(instant: Date, language: ServedLanguage): string {
  let f = timeFormatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(DATE_LOCALE[language], { timeZone: BRUSSELS_TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormatters.set(language, f);
  }
  return f.format(instant);
}
