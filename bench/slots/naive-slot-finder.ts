import type { SlotSearch } from '../../apps/scheduling/src/modules/slots/domain/slot-search.types.js';
import { candidateStarts, NaiveClock, naiveRanges, naiveRank, type NaiveResult } from './naive-rules.js';

/**
 * Naive reference 1 (the brief's): for each candidate start, each participant's working hours and
 * busy list are checked directly. O(starts × participants × busy).
 */
export function naiveFindSlots(search: SlotSearch): NaiveResult {
  const { starts } = candidateStarts(search);
  const clock = new NaiveClock();
  const d = search.durationMinutes * 60_000;
  const buffer = (search.bufferMinutes ?? 0) * 60_000;
  const hours = search.participants.map((p) => naiveRanges(p.weeklyHours ?? search.defaultWeeklyHours));
  const openings = search.locations.map((l) => (l.openingHours ? naiveRanges(l.openingHours) : null));

  const within = (ranges: Array<Array<[number, number]>>, s: number): boolean => {
    const a = clock.local(s);
    const b = clock.local(s + d);
    const end = b.day === a.day ? b.minute : b.minute === 0 && b.day === a.day + 1 ? 1440 : Infinity;
    return ranges[a.weekday].some(([from, to]) => from <= a.minute && end <= to);
  };
  return naiveRank(search, starts, {
    isFree(i, s) {
      const p = search.participants[i];
      if (!p.availabilityKnown || !within(hours[i], s)) {
        return false;
      }
      for (const b of p.busy) {
        if (b.start.getTime() - buffer < s + d && b.end.getTime() + buffer > s) {
          return false;
        }
      }
      return true;
    },
    locationFree(l, s) {
      const opening = openings[l];
      if (opening && !within(opening, s)) {
        return false;
      }
      return (search.locations[l].busy ?? []).every((b) => !(b.start.getTime() < s + d && b.end.getTime() > s));
    },
  });
}
