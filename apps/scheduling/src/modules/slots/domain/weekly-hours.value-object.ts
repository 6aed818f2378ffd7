import { SlotSearchError } from './slot-search.exception.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Per weekday, 'HH:MM-HH:MM' intervals in Europe/Brussels wall-clock time ('24:00' ends a day). */
export type WeeklyHours = Partial<Record<Weekday, readonly string[]>>;

/** Index = Date#getDay (0 = Sunday). */
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * Used for anyone whose availability is known (busy blocks imported or declared) but who has no
 * working hours: the person and relatives above all. Weekdays 09:00–18:00.
 */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = {
  mon: ['09:00-18:00'],
  tue: ['09:00-18:00'],
  wed: ['09:00-18:00'],
  thu: ['09:00-18:00'],
  fri: ['09:00-18:00'],
};

const INTERVAL = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const MAX_INTERVALS_PER_DAY = 12;

/** Parsed weekly hours: sorted, merged [startMinute, endMinute) ranges per weekday. */
export class WeeklySchedule {
  private constructor(
    private readonly byWeekday: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
    /** Stable text form; equal schedules share one availability computation. */
    readonly key: string,
  ) {}

  static parse(hours: WeeklyHours, field: string): WeeklySchedule {
    if (typeof hours !== 'object' || hours === null || Array.isArray(hours)) {
      throw new SlotSearchError(field, 'weekly hours must be an object keyed by weekday (mon … sun)');
    }
    for (const key of Object.keys(hours)) {
      if (!WEEKDAYS.includes(key as Weekday)) {
        throw new SlotSearchError(`${field}.${key}`, `unknown weekday '${key}' (expected mon … sun)`);
      }
    }
    const byWeekday = WEEKDAYS.map((weekday) => {
      const raw = hours[weekday] ?? [];
      if (!Array.isArray(raw) || raw.length > MAX_INTERVALS_PER_DAY) {
        throw new SlotSearchError(
          `${field}.${weekday}`,
          `expected at most ${MAX_INTERVALS_PER_DAY} 'HH:MM-HH:MM' intervals`,
        );
      }
      const ranges = raw.map((text, i): [number, number] => {
        const match = typeof text === 'string' ? INTERVAL.exec(text) : null;
        if (!match) {
          throw new SlotSearchError(`${field}.${weekday}[${i}]`, `'${String(text)}' is not an 'HH:MM-HH:MM' interval`);
        }
        const start = Number(match[1]) * 60 + Number(match[2]);
        const end = match[5] ? 1440 : Number(match[3]) * 60 + Number(match[4]);
        if (end <= start) {
          throw new SlotSearchError(`${field}.${weekday}[${i}]`, `'${text}' ends before it starts`);
        }
        return [start, end];
      });
      return mergeRanges(ranges);
    });
    const key = byWeekday.map((ranges) => ranges.map(([a, b]) => `${a}-${b}`).join(',')).join('|');
    return new WeeklySchedule(byWeekday, key);
  }

  /** @param weekday 0 = Sunday, as Date#getDay. */
  rangesOn(weekday: number): ReadonlyArray<readonly [number, number]> {
    return this.byWeekday[weekday] ?? [];
  }
}

/** Overlapping or touching ranges become one: 09:00-12:00 + 12:00-17:00 is one working block. */
function mergeRanges(ranges: Array<[number, number]>): ReadonlyArray<readonly [number, number]> {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) {
      last[1] = Math.max(last[1], range[1]);
    } else {
      merged.push([range[0], range[1]]);
    }
  }
  return merged;
}
