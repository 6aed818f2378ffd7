import { LIMITS } from '#concerto/config';
import { CALENDAR_LIMITS } from './calendar-import.js';
import { SLOT_SEARCH_LIMITS } from './slot-search.value-object.js';

// The domain keeps its own constants (it imports nothing outside its context); this keeps them equal to
// the one table of limits (docs/limits.md), so the documented limits are the enforced ones.
describe('scheduling limits agree with the table of limits', () => {
  it('uses the table for the calendar import and the slot search', () => {
    expect(CALENDAR_LIMITS.maxEvents).toBe(LIMITS.calendarImport.maxEvents);
    expect(CALENDAR_LIMITS.maxPeriods).toBe(LIMITS.calendarImport.maxPeriods);
    expect(SLOT_SEARCH_LIMITS.maxParticipants).toBe(LIMITS.slotSearch.maxParticipants);
    expect(SLOT_SEARCH_LIMITS.maxHorizonDays).toBe(LIMITS.slotSearch.maxHorizonDays);
  });

  it('never stores more busy periods from one import than a slot search takes per calendar', () => {
    expect(CALENDAR_LIMITS.maxPeriods).toBeLessThanOrEqual(SLOT_SEARCH_LIMITS.maxBusyPerCalendar);
  });

  it('lets the body limit, not the parser, bound a calendar file', () => {
    // Every character is at least one byte: a file the body parser admits never reaches maxChars.
    expect(CALENDAR_LIMITS.maxChars).toBeGreaterThanOrEqual(LIMITS.body.calendarBytes);
  });
});
