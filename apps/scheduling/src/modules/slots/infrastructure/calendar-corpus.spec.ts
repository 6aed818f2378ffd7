import { readFileSync } from 'node:fs';
import { CALENDAR_LIMITS, type CalendarWindow } from '../domain/calendar-import.js';
import { readIcalCalendar } from './ical-calendar-reader.js';

// Exports shaped like those of four calendar programs, each with the busy time it must give over
// two weeks: Monday 2 to Monday 16 November 2026, Brussels time (CET, UTC+1).
const WINDOW: CalendarWindow = { start: new Date('2026-11-01T23:00:00Z'), end: new Date('2026-11-15T23:00:00Z') };
const fixture = (name: string): string => readFileSync(new URL(`./calendar-corpus/${name}`, import.meta.url), 'utf8');
const read = (name: string) => readIcalCalendar(fixture(name), { window: WINDOW });
const periods = (name: string): string[] =>
  read(name).busy.map((b) => `${b.start.toISOString().slice(0, 16)}/${b.end.toISOString().slice(0, 16)}`);
const codes = (name: string) => Object.fromEntries(read(name).warnings.map((w) => [w.code, w.count]));

describe('calendar corpus', () => {
  it('Google Calendar: the standing Monday meeting started in 2019 still blocks, monthly BYDAY=1TU, a moved and a cancelled occurrence', () => {
    expect(periods('google.ics')).toEqual([
      '2026-11-02T08:00/2026-11-02T11:00', // Monday 09:00-12:00, weekly since January 2019
      '2026-11-03T12:00/2026-11-03T13:00', // first Tuesday of the month
      // Wednesday 4 moved to Thursday 5 16:00 (RECURRENCE-ID); Wednesday 11 cancelled
      '2026-11-05T15:00/2026-11-05T16:00',
      '2026-11-09T08:00/2026-11-09T11:00',
    ]);
    expect(codes('google.ics')).toEqual({ cancelled: 1, transparent: 1, 'outside-window': 1 });
  });

  it('Outlook/Exchange: Windows zone names with and without VTIMEZONE, BYSETPOS, WKST=SU, RDATE, TRANSP', () => {
    expect(periods('outlook.ics')).toEqual([
      '2026-11-03T14:00/2026-11-03T14:30', // DTSTART of the RDATE series
      '2026-11-06T14:00/2026-11-06T14:30', // RDATE
      '2026-11-08T07:00/2026-11-08T08:00', // every other week, Sunday and Monday, weeks starting on Sunday
      '2026-11-09T07:00/2026-11-09T08:00',
      '2026-11-10T14:00/2026-11-10T14:30', // RDATE
      '2026-11-12T09:00/2026-11-12T10:00', // second Thursday (BYDAY=TH;BYSETPOS=2), "Romance Standard Time" VTIMEZONE
      '2026-11-13T09:00/2026-11-13T10:00', // "GMT Standard Time", no VTIMEZONE: London, GMT in November
      '2026-11-13T13:00/2026-11-13T14:00', // "W. Europe Standard Time", no VTIMEZONE: CET
    ]);
    expect(codes('outlook.ics')).toEqual({ transparent: 1 });
  });

  it('Apple Calendar: yearly BYMONTH/BYMONTHDAY, monthly BYMONTHDAY, floating time, a busy all-day event, an ended rule', () => {
    expect(periods('apple.ics')).toEqual([
      '2026-11-04T07:30/2026-11-04T08:30', // floating 08:30, read as Brussels
      '2026-11-05T15:00/2026-11-05T16:00', // the 5th of every month since 2023
      '2026-11-10T09:00/2026-11-10T10:30', // every 10 November since 2021
      '2026-11-10T23:00/2026-11-11T23:00', // all-day 11 November, Brussels midnight to midnight
    ]);
    expect(codes('apple.ics')).toEqual({ transparent: 1 });
  });

  it('Thunderbird: COUNT with EXDATE, cancelled, an IANA zone without VTIMEZONE, an old Mozilla zone id, tentative is busy', () => {
    expect(periods('thunderbird.ics')).toEqual([
      '2026-11-02T11:00/2026-11-02T11:30',
      '2026-11-03T11:00/2026-11-03T11:30', // 4 November excluded
      '2026-11-05T11:00/2026-11-05T11:30',
      '2026-11-06T11:00/2026-11-06T11:30', // COUNT=5 ends here
      '2026-11-10T14:00/2026-11-10T15:00', // 09:00 New York, EST after 1 November
      '2026-11-12T07:00/2026-11-12T08:00',
      '2026-11-13T09:00/2026-11-13T10:00', // TENTATIVE counts: never over-promise
    ]);
    expect(codes('thunderbird.ics')).toEqual({ cancelled: 1 });
  });

  it('a weekly meeting started decades ago blocks its slot, with a few steps, not one per week since then', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:gp',
      'DTSTART;TZID=Europe/Brussels:19900101T090000',
      'DTEND;TZID=Europe/Brussels:19900101T120000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO',
      'END:VEVENT',
    );
    expect(readIcalCalendar(text, { window: WINDOW }).busy.map((b) => b.start.toISOString())).toEqual([
      '2026-11-02T08:00:00.000Z',
      '2026-11-09T08:00:00.000Z',
    ]);
    // Also with INTERVAL, monthly by weekday position and yearly on 29 February (fast-forward keeps the alignment).
    const biweekly = calendar(
      'BEGIN:VEVENT',
      'DTSTART;TZID=Europe/Brussels:20000110T090000',
      'DURATION:PT1H',
      'RRULE:FREQ=WEEKLY;INTERVAL=2',
      'END:VEVENT',
    );
    // 10 January 2000 + 2 weeks × k: 2 November 2026 is 9,793 days = 699.5 fortnights later, so Monday 9 November.
    expect(readIcalCalendar(biweekly, { window: WINDOW }).busy.map((b) => b.start.toISOString())).toEqual([
      '2026-11-09T08:00:00.000Z',
    ]);
    const lastFriday = calendar(
      'BEGIN:VEVENT',
      'DTSTART:20000128T100000Z',
      'DURATION:PT1H',
      'RRULE:FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1',
      'END:VEVENT',
    );
    expect(
      readIcalCalendar(lastFriday, {
        window: { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-31T00:00:00Z') },
      }).busy.map((b) => b.start.toISOString()),
    ).toEqual(['2026-11-27T10:00:00.000Z', '2026-12-25T10:00:00.000Z']);
    const leap = calendar('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:19960229', 'RRULE:FREQ=YEARLY', 'END:VEVENT');
    // ical.js rolls 29 February over to 1 March in common years (RFC 5545 would skip them): busier, never freer.
    expect(
      readIcalCalendar(leap, {
        window: { start: new Date('2027-01-01T00:00:00Z'), end: new Date('2029-01-01T00:00:00Z') },
      }).busy.map((b) => b.start.toISOString()),
    ).toEqual(['2027-02-28T23:00:00.000Z', '2028-02-28T23:00:00.000Z']);
  });
});

const calendar = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');

describe('calendar limits (422, nothing imported)', () => {
  const event = (...lines: string[]) => [
    'BEGIN:VEVENT',
    'UID:x',
    'DTSTART:20261102T080000Z',
    'DURATION:PT1H',
    ...lines,
    'END:VEVENT',
  ];
  it.each([
    ['COUNT=10^9', calendar(...event('RRULE:FREQ=DAILY;COUNT=1000000000')), /COUNT=1000000000/],
    ['FREQ=SECONDLY', calendar(...event('RRULE:FREQ=SECONDLY')), /recurs more than/],
    [
      'FREQ=MINUTELY started years ago',
      calendar('BEGIN:VEVENT', 'DTSTART:20100101T000000Z', 'DURATION:PT1M', 'RRULE:FREQ=MINUTELY', 'END:VEVENT'),
      /recurs more than/,
    ],
    [
      'deeply nested components',
      calendar(...Array.from({ length: 50 }, () => 'BEGIN:X-NEST'), ...Array.from({ length: 50 }, () => 'END:X-NEST')),
      /nested more than/,
    ],
    [
      'thousands of events',
      calendar(
        ...Array.from(
          { length: CALENDAR_LIMITS.maxEvents + 1 },
          () => 'BEGIN:VEVENT\r\nDTSTART:20261102T080000Z\r\nEND:VEVENT',
        ),
      ),
      /more than 5000 events/,
    ],
    ['too large', calendar('X-PAD:' + 'x'.repeat(CALENDAR_LIMITS.maxChars)), /larger than/],
    [
      'too many busy periods in total',
      calendar(
        ...Array.from({ length: 5 }, (_, i) =>
          event(`RRULE:FREQ=HOURLY;INTERVAL=${i + 1}`).map((l) => l.replace('UID:x', `UID:${i}`)),
        ).flat(),
      ),
      /busy periods|recurs more than/,
    ],
  ])('refuses %s', (_, text, message) => {
    expect(() =>
      readIcalCalendar(text, {
        window: { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2027-12-01T00:00:00Z') },
      }),
    ).toThrow(expect.objectContaining({ kind: 'invalid', message: expect.stringMatching(message) }));
  });
});
