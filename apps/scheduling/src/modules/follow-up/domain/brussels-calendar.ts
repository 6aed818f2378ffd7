/**
 * Days as Brussels counts them: calendar days (YYYY-MM-DD), the Belgian public holidays, working
 * days (Monday to Friday, not a holiday) and the instant a local time of day falls at.
 *
 * The ten legal public holidays apply everywhere in Belgium (law of 4 January 1974). The Brussels-
 * Capital Region's own feast day (8 May, "Iris day") is a day off for the regional administrations
 * only, not a public holiday: services of the bassins that follow it can add it (`irisDay`).
 * The communities' days (11 July, 27 September) are left out for the same reason.
 */

export type Day = string;

export interface HolidayOptions {
  /** 8 May, the Brussels-Capital Region's feast day: off for regional services only. */
  irisDay?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function dayOf(year: number, month: number, date: number): Day {
  const d = new Date(Date.UTC(year, month - 1, date));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const [y, m, d] = value.split('-').map(Number);
  return dayOf(y, m, d) === value;
}

export function addDays(day: Day, n: number): Day {
  const [y, m, d] = day.split('-').map(Number);
  return dayOf(y, m, d + n);
}

/** Easter Sunday (Gregorian calendar; the anonymous algorithm of Meeus/Jones/Butcher). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, date);
}

/** The public holidays of one year, in date order. */
export function brusselsHolidays(year: number, options: HolidayOptions = {}): Day[] {
  const easter = easterSunday(year);
  const days = [
    dayOf(year, 1, 1), // New Year
    addDays(easter, 1), // Easter Monday
    dayOf(year, 5, 1), // Labour Day
    addDays(easter, 39), // Ascension
    addDays(easter, 50), // Whit Monday
    dayOf(year, 7, 21), // National Day
    dayOf(year, 8, 15), // Assumption
    dayOf(year, 11, 1), // All Saints
    dayOf(year, 11, 11), // Armistice
    dayOf(year, 12, 25), // Christmas
    ...(options.irisDay ? [dayOf(year, 5, 8)] : []),
  ];
  return days.sort();
}

export function isHoliday(day: Day, options: HolidayOptions = {}): boolean {
  return brusselsHolidays(Number(day.slice(0, 4)), options).includes(day);
}

export function isWorkingDay(day: Day, options: HolidayOptions = {}): boolean {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isHoliday(day, options);
}

/** The n-th working day after `day` (n = 0: the day itself if it is a working day, else the next one). */
export function addWorkingDays(day: Day, n: number, options: HolidayOptions = {}): Day {
  let current = day;
  if (n === 0) {
    while (!isWorkingDay(current, options)) {
      current = addDays(current, 1);
    }
    return current;
  }
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, options)) {
      left -= 1;
    }
  }
  return current;
}

/** The n-th working day before `day` (n ≥ 1). */
export function subtractWorkingDays(day: Day, n: number, options: HolidayOptions = {}): Day {
  let current = day;
  let left = n;
  while (left > 0) {
    current = addDays(current, -1);
    if (isWorkingDay(current, options)) {
      left -= 1;
    }
  }
  return current;
}

/** The Brussels calendar day of an instant. */
export function brusselsDay(at: Date): Day {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The instant a Brussels wall-clock time of a day falls at (CET or CEST, whichever is in force then). */
export function brusselsInstant(day: Day, hour: number): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, hour);
  // The offset in force at the guess; one correction suffices outside the small hours of a change.
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Brussels',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (t: string) => Number(local.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess - (asUtc - guess));
}
