import { SlotSearchError } from './slot-search.exception.js';
import { WeeklySchedule } from './weekly-hours.value-object.js';

describe(WeeklySchedule.name, () => {
  it('parses per-weekday ranges into sorted, merged minutes', () => {
    const schedule = WeeklySchedule.parse(
      { mon: ['13:30-17:00', '08:30-12:00', '12:00-12:30'], sat: ['22:00-24:00'] },
      'hours',
    );
    expect(schedule.rangesOn(1)).toEqual([
      [510, 750],
      [810, 1020],
    ]);
    expect(schedule.rangesOn(6)).toEqual([[1320, 1440]]);
    expect(schedule.rangesOn(0)).toEqual([]);
  });

  it('gives equal schedules the same key', () => {
    expect(WeeklySchedule.parse({ tue: ['09:00-12:00', '11:00-13:00'] }, 'a').key).toBe(
      WeeklySchedule.parse({ tue: ['09:00-13:00'] }, 'b').key,
    );
  });

  it.each([
    [{ mon: ['9:00-17:00'] }, 'hours.mon[0]'],
    [{ mon: ['17:00-09:00'] }, 'hours.mon[0]'],
    [{ mon: ['09:00-24:30'] }, 'hours.mon[0]'],
    [{ funday: ['09:00-17:00'] }, 'hours.funday'],
  ])('rejects %j naming the field', (hours, field) => {
    let error: unknown;
    try {
      WeeklySchedule.parse(hours as never, 'hours');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SlotSearchError);
    expect(error).toMatchObject({ field });
  });
});
