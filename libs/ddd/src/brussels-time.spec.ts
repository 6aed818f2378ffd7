import {
  brusselsLocal,
  brusselsOffsetMinutes,
  dayMinuteToUtc,
  formatDate,
  formatTime,
  icsLocalDateTime,
  icsUtcDateTime,
  localDateTimeOf,
  localDaysCovering,
  localToUtc,
  offsetMinutesAt,
  toZonedIso,
} from './brussels-time.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('brussels-time', () => {
  it('maps a 09:00 working-day start to 08:00Z in winter and 07:00Z in summer', () => {
    expect(iso(localToUtc({ year: 2026, month: 1, day: 12 }, 9 * 60))).toBe('2026-01-12T08:00:00.000Z');
    expect(iso(localToUtc({ year: 2026, month: 7, day: 13 }, 9 * 60))).toBe('2026-07-13T07:00:00.000Z');
  });

  it('switches offset exactly at 01:00Z on both 2026 transition days', () => {
    expect(offsetMinutesAt(Date.parse('2026-03-29T00:59:59Z'))).toBe(60);
    expect(offsetMinutesAt(Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
    expect(offsetMinutesAt(Date.parse('2026-10-25T00:59:59Z'))).toBe(120);
    expect(offsetMinutesAt(Date.parse('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('moves a time in the spring-forward gap forward by the gap (02:30 → 03:30 CEST)', () => {
    const t = localToUtc({ year: 2026, month: 3, day: 29 }, 2 * 60 + 30);
    expect(iso(t)).toBe('2026-03-29T01:30:00.000Z');
    expect(toZonedIso(t)).toBe('2026-03-29T03:30:00+02:00');
    // Times around the gap are exact.
    expect(iso(localToUtc({ year: 2026, month: 3, day: 29 }, 60))).toBe('2026-03-29T00:00:00.000Z');
    expect(iso(localToUtc({ year: 2026, month: 3, day: 29 }, 3 * 60))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(localToUtc({ year: 2026, month: 3, day: 29 }, 9 * 60))).toBe('2026-03-29T07:00:00.000Z');
  });

  it('takes the first of the two 02:30 in the fall-back overlap (02:30 CEST)', () => {
    const t = localToUtc({ year: 2026, month: 10, day: 25 }, 2 * 60 + 30);
    expect(iso(t)).toBe('2026-10-25T00:30:00.000Z');
    expect(toZonedIso(t)).toBe('2026-10-25T02:30:00+02:00');
    // One hour later the wall clock shows 02:30 again, now in CET.
    expect(toZonedIso(t + 3_600_000)).toBe('2026-10-25T02:30:00+01:00');
    expect(iso(localToUtc({ year: 2026, month: 10, day: 25 }, 9 * 60))).toBe('2026-10-25T08:00:00.000Z');
  });

  it('reads local date and minute of day across midnight and DST', () => {
    expect(localDateTimeOf(Date.parse('2026-10-24T22:30:00Z'))).toEqual({
      year: 2026,
      month: 10,
      day: 25,
      minuteOfDay: 30,
    });
    expect(localDateTimeOf(Date.parse('2026-12-31T23:15:00Z'))).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      minuteOfDay: 15,
    });
  });

  it('gives 23 h and 25 h days on the transition days and 24 h elsewhere', () => {
    const days = localDaysCovering(Date.parse('2026-03-27T12:00:00Z'), Date.parse('2026-03-31T12:00:00Z'));
    expect(days.map((d) => `${d.day}:${(d.endUtc - d.startUtc) / 3_600_000}h:${d.weekday}`)).toEqual([
      '27:24h:5',
      '28:24h:6',
      '29:23h:0',
      '30:24h:1',
      '31:24h:2',
    ]);
    const autumn = localDaysCovering(Date.parse('2026-10-25T00:00:00Z'), Date.parse('2026-10-25T12:00:00Z'));
    expect(autumn).toHaveLength(1);
    expect(autumn[0].endUtc - autumn[0].startUtc).toBe(25 * 3_600_000);
    // 04:00 local on the 25-hour day is 03:00Z, not 02:00Z (the fast path would be wrong here).
    expect(iso(dayMinuteToUtc(autumn[0], 4 * 60))).toBe('2026-10-25T03:00:00.000Z');
  });

  it('formats instants with the Brussels offset of their date', () => {
    expect(toZonedIso(Date.parse('2026-10-23T07:00:00Z'))).toBe('2026-10-23T09:00:00+02:00');
    expect(toZonedIso(Date.parse('2026-10-26T08:00:00Z'))).toBe('2026-10-26T09:00:00+01:00');
  });

  it('reads the Brussels wall clock of an instant in winter and in summer', () => {
    expect(brusselsLocal(new Date('2026-01-12T08:00:00Z'))).toEqual({
      year: 2026,
      month: 1,
      day: 12,
      hour: 9,
      minute: 0,
      second: 0,
    });
    expect(brusselsLocal(new Date('2026-07-13T07:00:00Z'))).toEqual({
      year: 2026,
      month: 7,
      day: 13,
      hour: 9,
      minute: 0,
      second: 0,
    });
    expect(brusselsOffsetMinutes(new Date('2026-01-12T08:00:00Z'))).toBe(60);
    expect(brusselsOffsetMinutes(new Date('2026-07-13T07:00:00Z'))).toBe(120);
    expect(() => brusselsLocal(new Date('not a date'))).toThrow(RangeError);
  });

  it('agrees with the offset read from the zone on both transition days', () => {
    for (const at of ['2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-10-25T00:59:59Z', '2026-10-25T01:00:00Z']) {
      expect(brusselsOffsetMinutes(new Date(at))).toBe(offsetMinutesAt(Date.parse(at)));
    }
  });

  it('writes iCalendar local and UTC date-times', () => {
    expect(icsLocalDateTime(new Date('2026-10-27T09:00:00Z'))).toBe('20261027T100000');
    expect(icsUtcDateTime(new Date('2026-10-27T09:00:00.123Z'))).toBe('20261027T090000Z');
    expect(() => icsUtcDateTime(new Date('not a date'))).toThrow(RangeError);
  });

  it('formats dates and times in Brussels time in French, Dutch and English', () => {
    const start = new Date('2026-10-27T09:00:00Z');
    expect(formatDate(start, 'fr')).toBe('mardi 27 octobre 2026');
    expect(formatDate(start, 'nl')).toBe('dinsdag 27 oktober 2026');
    expect(formatDate(start, 'en')).toBe('Tuesday 27 October 2026');
    expect(formatTime(start, 'fr')).toBe('10:00');
    expect(formatTime(new Date('2026-10-27T23:30:00Z'), 'en')).toBe('00:30');
  });
});
