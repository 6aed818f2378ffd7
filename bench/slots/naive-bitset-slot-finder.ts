import type { BusyInterval, SlotSearch } from '../../apps/scheduling/src/modules/slots/domain/slot-search.types.js';
import { candidateStarts, NaiveClock, naiveRanges, naiveRank, type NaiveResult } from './naive-rules.js';

/**
 * Naive reference 2, B-slot as the quality bar words it ("bitset AND over 15-min slots"): one byte
 * per participant per grid cell, working hours read cell by cell from the wall clock, busy blocks
 * cleared cell by cell, and a meeting is possible where its cells are all free.
 */
export function naiveBitsetFindSlots(search: SlotSearch): NaiveResult {
  const { first, starts, cellMs, horizonEnd } = candidateStarts(search);
  const clock = new NaiveClock();
  const cells = Math.max(0, Math.floor((horizonEnd - first) / cellMs));
  const k = search.durationMinutes / (search.granularityMinutes ?? 15);
  const buffer = (search.bufferMinutes ?? 0) * 60_000;
  const cellMinutes = cellMs / 60_000;
  const locals = Array.from({ length: cells }, (_, c) => clock.local(first + c * cellMs));

  const grid = (
    ranges: Array<Array<[number, number]>> | null,
    busy: readonly BusyInterval[],
    pad: number,
  ): Uint8Array => {
    const free = new Uint8Array(cells);
    for (let c = 0; c < cells; c++) {
      const t = locals[c];
      free[c] =
        ranges === null || ranges[t.weekday].some(([a, b]) => a <= t.minute && t.minute + cellMinutes <= b) ? 1 : 0;
    }
    for (const b of busy) {
      const from = Math.max(0, Math.floor((b.start.getTime() - pad - first) / cellMs));
      const to = Math.min(cells, Math.ceil((b.end.getTime() + pad - first) / cellMs));
      for (let c = from; c < to; c++) {
        free[c] = 0;
      }
    }
    return free;
  };
  const people = search.participants.map((p) =>
    p.availabilityKnown
      ? grid(naiveRanges(p.weeklyHours ?? search.defaultWeeklyHours), p.busy, buffer)
      : new Uint8Array(cells),
  );
  const rooms = search.locations.map((l) => grid(l.openingHours ? naiveRanges(l.openingHours) : null, l.busy ?? [], 0));
  const allFree = (free: Uint8Array, s: number): boolean => {
    const c0 = (s - first) / cellMs;
    for (let c = c0; c < c0 + k; c++) {
      if (free[c] !== 1) {
        return false;
      }
    }
    return true;
  };
  return naiveRank(search, starts, {
    isFree: (i, s) => allFree(people[i], s),
    locationFree: (l, s) => allFree(rooms[l], s),
  });
}
