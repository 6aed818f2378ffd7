import type { BusyInterval } from '../domain/slot-search.types.js';
import { CalendarImportError, type CalendarImport, type CalendarWindow } from '../domain/calendar-import.js';
import { readIcalCalendar } from './ical-calendar-reader.js';

// These cases were written for the hand-written parser; they hold for the ical.js reader, with the
// behaviour that is now correct (monthly rules expand) and a window that is now always given.
const WIDE: CalendarWindow = { start: new Date('2019-01-01T00:00:00Z'), end: new Date('2028-01-01T00:00:00Z') };
type Options = { window?: CalendarWindow; tentativeIsBusy?: boolean };
const parseIcalFreeBusy = (text: string, options: Options = {}): CalendarImport =>
  readIcalCalendar(text, { ...options, window: options.window ?? WIDE });
const parseIcalBusy = (text: string, options: Options = {}): BusyInterval[] => parseIcalFreeBusy(text, options).busy;

const calendar = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');
const periods = (text: string): string[] =>
  parseIcalBusy(text).map((b) => `${b.start.toISOString()}/${b.end.toISOString()}`);

describe('readIcalCalendar (cases of the former hand-written parser)', () => {
  it('reads FREEBUSY periods (start/end and start/duration), skips FREE, keeps tentative, unfolds lines', () => {
    const text = calendar(
      'BEGIN:VFREEBUSY',
      'DTSTART:20261019T000000Z',
      'DTEND:20261031T000000Z',
      'FREEBUSY:20261019T080000Z/20261019T090000Z,',
      ' 20261020T130000Z/PT1H30M',
      'FREEBUSY;FBTYPE=FREE:20261021T080000Z/20261021T170000Z',
      'FREEBUSY;FBTYPE=BUSY-TENTATIVE:20261022T070000Z/20261022T071500Z',
      'END:VFREEBUSY',
    );
    expect(periods(text)).toEqual([
      '2026-10-19T08:00:00.000Z/2026-10-19T09:00:00.000Z',
      '2026-10-20T13:00:00.000Z/2026-10-20T14:30:00.000Z',
      '2026-10-22T07:00:00.000Z/2026-10-22T07:15:00.000Z',
    ]);
    expect(parseIcalBusy(text, { tentativeIsBusy: false })).toHaveLength(2);
  });

  it('reads VEVENT times with TZID=Europe/Brussels on both sides of the October change', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'UID:a',
      'DTSTART;TZID=Europe/Brussels:20261023T100000',
      'DTEND;TZID=Europe/Brussels:20261023T110000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:b',
      'DTSTART;TZID=Europe/Brussels:20261026T100000',
      'DTEND;TZID=Europe/Brussels:20261026T110000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:night-shift', // 23:00 → 03:00 local across the change lasts 5 real hours
      'DTSTART;TZID=Europe/Brussels:20261024T230000',
      'DTEND;TZID=Europe/Brussels:20261025T030000',
      'END:VEVENT',
    );
    expect(periods(text)).toEqual([
      '2026-10-23T08:00:00.000Z/2026-10-23T09:00:00.000Z',
      '2026-10-24T21:00:00.000Z/2026-10-25T02:00:00.000Z',
      '2026-10-26T09:00:00.000Z/2026-10-26T10:00:00.000Z',
    ]);
  });

  it('reads UTC times, Outlook zone names and Mozilla-style TZIDs', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'DTSTART:20260330T120000Z',
      'DTEND:20260330T130000Z',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;TZID="Romance Standard Time":20260331T090000',
      'DTEND;TZID="Romance Standard Time":20260331T093000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;TZID=/mozilla.org/20050126_1/Europe/Brussels:20260401T140000',
      'DURATION:PT45M',
      'END:VEVENT',
    );
    expect(periods(text)).toEqual([
      '2026-03-30T12:00:00.000Z/2026-03-30T13:00:00.000Z',
      '2026-03-31T07:00:00.000Z/2026-03-31T07:30:00.000Z',
      '2026-04-01T12:00:00.000Z/2026-04-01T12:45:00.000Z',
    ]);
  });

  it('honours a TZID other than the default zone', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'DTSTART;TZID=Europe/London:20260330T090000', // BST, UTC+1
      'DTEND;TZID="GMT Standard Time":20260330T100000', // Outlook's name for London
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;TZID=America/New_York:20260331T090000', // EDT, UTC-4
      'DTEND;TZID=America/New_York:20260331T093000',
      'END:VEVENT',
    );
    expect(periods(text)).toEqual([
      '2026-03-30T08:00:00.000Z/2026-03-30T09:00:00.000Z',
      '2026-03-31T13:00:00.000Z/2026-03-31T13:30:00.000Z',
    ]);
    expect(
      parseIcalFreeBusy(
        calendar(
          'BEGIN:VEVENT',
          'UID:mars',
          'DTSTART;TZID=Mars/Olympus:20260330T090000',
          'DURATION:PT1H',
          'END:VEVENT',
        ),
      ).warnings,
    ).toEqual([
      expect.objectContaining({
        code: 'unknown-timezone',
        message: expect.stringContaining("'Mars/Olympus'"),
        uids: ['mars'],
      }),
    ]);
  });

  it('reads all-day DATE events as local midnight to local midnight (23 h on 2026-03-29)', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260329',
      'DTEND;VALUE=DATE:20260330',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260415', // no DTEND: one day
      'END:VEVENT',
    );
    expect(periods(text)).toEqual([
      '2026-03-28T23:00:00.000Z/2026-03-29T22:00:00.000Z',
      '2026-04-14T22:00:00.000Z/2026-04-15T22:00:00.000Z',
    ]);
  });

  it('adds nominal days across DST in zoned times (P1D from 12:00 ends at 12:00 the next day)', () => {
    const text = calendar('BEGIN:VEVENT', 'DTSTART;TZID=Europe/Brussels:20261024T120000', 'DURATION:P1D', 'END:VEVENT');
    expect(periods(text)).toEqual(['2026-10-24T10:00:00.000Z/2026-10-25T11:00:00.000Z']);
  });

  it('skips cancelled and transparent events with a warning, ignores alarm durations, and expands monthly rules', () => {
    const text = calendar(
      'BEGIN:VEVENT',
      'DTSTART:20260105T090000Z',
      'DTEND:20260105T100000Z',
      'STATUS:CANCELLED',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20260106T090000Z',
      'DTEND:20260106T100000Z',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20260107T090000Z',
      'RRULE:FREQ=MONTHLY;COUNT=4',
      'BEGIN:VALARM',
      'TRIGGER:-PT15M',
      'DURATION:PT5M',
      'END:VALARM',
      'DURATION:PT1H',
      'END:VEVENT',
    );
    const result = parseIcalFreeBusy(text);
    expect(result.busy.map((b) => `${b.start.toISOString()}/${b.end.toISOString()}`)).toEqual([
      '2026-01-07T09:00:00.000Z/2026-01-07T10:00:00.000Z',
      '2026-02-07T09:00:00.000Z/2026-02-07T10:00:00.000Z',
      '2026-03-07T09:00:00.000Z/2026-03-07T10:00:00.000Z',
      '2026-04-07T09:00:00.000Z/2026-04-07T10:00:00.000Z',
    ]);
    expect(result.warnings.map((w) => [w.code, w.count])).toEqual([
      ['cancelled', 1],
      ['transparent', 1],
    ]);
  });

  it('expands weekly recurrences on their weekdays at the same Brussels wall-clock time across the DST change, minus EXDATEs', () => {
    // Mondays and Wednesdays 09:00-10:30 Brussels from Monday 23 March 2026 (CET) until 1 April (CEST from 29 March); 25 March excluded.
    const text = calendar(
      'BEGIN:VEVENT',
      'DTSTART;TZID=Europe/Brussels:20260323T090000',
      'DTEND;TZID=Europe/Brussels:20260323T103000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260401T235959Z',
      'EXDATE;TZID=Europe/Brussels:20260325T090000',
      'END:VEVENT',
    );
    const result = parseIcalFreeBusy(text);
    expect(result.warnings).toEqual([]);
    expect(result.busy.map((b) => `${b.start.toISOString()}/${b.end.toISOString()}`)).toEqual([
      '2026-03-23T08:00:00.000Z/2026-03-23T09:30:00.000Z',
      '2026-03-30T07:00:00.000Z/2026-03-30T08:30:00.000Z',
      '2026-04-01T07:00:00.000Z/2026-04-01T08:30:00.000Z',
    ]);
  });

  it('expands daily rules with an interval and a count, and open-ended rules up to the import window', () => {
    const everyOtherDay = calendar(
      'BEGIN:VEVENT',
      'DTSTART:20260105T140000Z',
      'DURATION:PT1H',
      'RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3',
      'END:VEVENT',
    );
    expect(periods(everyOtherDay)).toEqual([
      '2026-01-05T14:00:00.000Z/2026-01-05T15:00:00.000Z',
      '2026-01-07T14:00:00.000Z/2026-01-07T15:00:00.000Z',
      '2026-01-09T14:00:00.000Z/2026-01-09T15:00:00.000Z',
    ]);
    // A weekly team meeting that never ends: only the weeks of the window count.
    const forever = calendar(
      'BEGIN:VEVENT',
      'DTSTART;TZID=Europe/Brussels:20250106T100000',
      'DTEND;TZID=Europe/Brussels:20250106T110000',
      'RRULE:FREQ=WEEKLY',
      'END:VEVENT',
    );
    const busy = parseIcalBusy(forever, {
      window: { start: new Date('2026-11-23T00:00:00Z'), end: new Date('2026-12-05T00:00:00Z') },
    });
    expect(busy.map((b) => b.start.toISOString())).toEqual(['2026-11-23T09:00:00.000Z', '2026-11-30T09:00:00.000Z']);
    // A daily rule started years ago: only the days of the window count.
    const oldDaily = calendar(
      'BEGIN:VEVENT',
      'DTSTART:20200101T080000Z',
      'DURATION:PT30M',
      'RRULE:FREQ=DAILY',
      'END:VEVENT',
    );
    expect(
      parseIcalBusy(oldDaily, {
        window: { start: new Date('2020-03-01T00:00:00Z'), end: new Date('2020-03-08T00:00:00Z') },
      }),
    ).toHaveLength(7);
  });

  it('merges overlapping periods and keeps only those in the window', () => {
    const text = calendar(
      'BEGIN:VFREEBUSY',
      'FREEBUSY:20260105T090000Z/20260105T100000Z,20260105T093000Z/20260105T110000Z,20260301T090000Z/PT1H',
      'END:VFREEBUSY',
    );
    const busy = parseIcalBusy(text, {
      window: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') },
    });
    expect(busy).toEqual([{ start: new Date('2026-01-05T09:00:00Z'), end: new Date('2026-01-05T11:00:00Z') }]);
  });

  it.each([
    ['not a calendar', 'hello', /no BEGIN:VCALENDAR|not a valid iCalendar/i],
    ['an unclosed component', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR', /not a valid iCalendar/i],
    ['a line without a value', calendar('BEGIN:VEVENT', 'DTSTART', 'END:VEVENT'), /not a valid iCalendar/i],
  ])('rejects %s with a CalendarImportError (422)', (_, text, message) => {
    expect(() => parseIcalFreeBusy(text)).toThrow(CalendarImportError);
    expect(() => parseIcalFreeBusy(text)).toThrow(message);
  });
});
