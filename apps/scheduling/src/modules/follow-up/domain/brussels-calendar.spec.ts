import {
  addWorkingDays,
  brusselsDay,
  brusselsHolidays,
  brusselsInstant,
  easterSunday,
  isDay,
  isWorkingDay,
} from './brussels-calendar.js';

describe('the Brussels calendar', () => {
  it('should find Easter Sunday for known years', () => {
    expect(['2024', '2025', '2026', '2027', '2038'].map((y) => easterSunday(Number(y)))).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ]);
  });

  it('should list the ten Belgian public holidays of 2027, and Iris day only when asked', () => {
    expect(brusselsHolidays(2027)).toEqual([
      '2027-01-01',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-17',
      '2027-07-21',
      '2027-08-15',
      '2027-11-01',
      '2027-11-11',
      '2027-12-25',
    ]);
    expect(brusselsHolidays(2027, { irisDay: true })).toContain('2027-05-08');
    expect(brusselsHolidays(2027)).not.toContain('2027-05-08');
  });

  it('should skip weekends and holidays when counting working days', () => {
    // Thursday 28 October 2027 + 3 working days: Fri 29, (weekend), Mon 1 Nov is a holiday, Tue 2, Wed 3.
    expect(addWorkingDays('2027-10-28', 3)).toBe('2027-11-03');
    // Around Christmas 2026 (Friday) and New Year 2027 (Friday).
    expect(addWorkingDays('2026-12-24', 3)).toBe('2026-12-30');
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    // Ascension Thursday and its Friday.
    expect(isWorkingDay('2027-05-06')).toBe(false);
    expect(isWorkingDay('2027-05-07')).toBe(true);
    expect(addWorkingDays('2027-05-05', 1)).toBe('2027-05-07');
    // Iris day (Saturday in 2027) changes nothing; in 2028 it is a Monday.
    expect(addWorkingDays('2028-05-05', 1)).toBe('2028-05-08');
    expect(addWorkingDays('2028-05-05', 1, { irisDay: true })).toBe('2028-05-09');
    expect(addWorkingDays('2027-11-13', 0)).toBe('2027-11-15');
  });

  it('should place Brussels wall-clock times in winter and summer time', () => {
    expect(brusselsInstant('2027-01-15', 9).toISOString()).toBe('2027-01-15T08:00:00.000Z');
    expect(brusselsInstant('2027-07-15', 9).toISOString()).toBe('2027-07-15T07:00:00.000Z');
    expect(brusselsDay(new Date('2027-03-27T23:30:00Z'))).toBe('2027-03-28');
  });

  it('should accept real calendar days only', () => {
    expect(['2027-02-28', '2028-02-29'].map(isDay)).toEqual([true, true]);
    expect(['2027-02-29', '2027-13-01', '27-01-01', '2027-1-1'].map(isDay)).toEqual([false, false, false, false]);
  });
});
