import type { Participant, SlotSearch } from '../../apps/scheduling/src/modules/slots/domain/slot-search.types.js';

/*
 * Reference semantics for the benchmark, written once and on purpose without the engine's code:
 * plain arrays, one candidate start at a time. Both naive finders share this part and differ only
 * in how they answer "is participant p free for the meeting starting at s".
 */

export interface NaiveOracle {
  isFree(participant: number, start: number): boolean;
  locationFree(location: number, start: number): boolean;
}

export interface NaiveSlot {
  start: number;
  location: string | null;
  attendees: string[];
  missingRequired: string[];
  score: number;
}

export interface NaiveResult {
  status: 'ok' | 'partial' | 'none';
  feasibleStarts: number[];
  slots: NaiveSlot[];
}

const MIN = 60_000;

export function candidateStarts(search: SlotSearch): {
  first: number;
  starts: number[];
  cellMs: number;
  horizonEnd: number;
} {
  const g = (search.granularityMinutes ?? 15) * MIN;
  const d = search.durationMinutes * MIN;
  const earliest = search.earliest.getTime();
  const now = (search.now ?? search.earliest).getTime();
  const first = Math.ceil(Math.max(earliest, now + (search.minimumNoticeMinutes ?? 0) * MIN) / g) * g;
  const horizonEnd = earliest + (search.horizonDays ?? 14) * 24 * 60 * MIN;
  const starts: number[] = [];
  for (let s = first; s + d <= horizonEnd; s += g) {
    if (search.deadline && s + d >= search.deadline.getTime()) {
      break;
    }
    starts.push(s);
  }
  return { first, starts, cellMs: g, horizonEnd };
}

/** 'HH:MM-HH:MM' lists per weekday (0 = Sunday), touching ranges joined. */
export function naiveRanges(hours: Participant['weeklyHours'] | undefined): Array<Array<[number, number]>> {
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
  const source = hours ?? {
    mon: ['09:00-18:00'],
    tue: ['09:00-18:00'],
    wed: ['09:00-18:00'],
    thu: ['09:00-18:00'],
    fri: ['09:00-18:00'],
  };
  return days.map((day) => {
    const ranges = (source[day] ?? []).map((text): [number, number] => {
      const [a, b] = text.split('-') as [string, string];
      const minutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
      return [minutes(a), minutes(b)];
    });
    ranges.sort((x, y) => x[0] - y[0]);
    const joined: Array<[number, number]> = [];
    for (const r of ranges) {
      const last = joined[joined.length - 1];
      if (last && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        joined.push([r[0], r[1]]);
      }
    }
    return joined;
  });
}

/** Brussels wall clock of an instant, with one Intl call per UTC hour. */
export class NaiveClock {
  private readonly offsets = new Map<number, number>();
  private readonly format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  });

  local(ms: number): { day: number; weekday: number; minute: number } {
    const hour = Math.floor(ms / 3_600_000);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const parts = Object.fromEntries(this.format.formatToParts(hour * 3_600_000).map((p) => [p.type, p.value]));
      offset =
        Date.UTC(
          Number(parts.year),
          Number(parts.month) - 1,
          Number(parts.day),
          Number(parts.hour) % 24,
          Number(parts.minute),
        ) -
        hour * 3_600_000;
      this.offsets.set(hour, offset);
    }
    const wall = new Date(ms + offset);
    return {
      day: Math.floor((ms + offset) / 86_400_000),
      weekday: wall.getUTCDay(),
      minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    };
  }
}

export function naiveRank(search: SlotSearch, starts: number[], oracle: NaiveOracle): NaiveResult {
  const people = search.participants;
  const locations = search.locations;
  const rules = {
    minProfessionals: 3,
    requirePerson: true,
    requireGp: true,
    requireHomeNurse: false,
    ...(search.rules ?? {}),
  };
  const personSide = (p: Participant) =>
    p.kind === 'person' || p.kind === 'representative' || p.kind === 'legal-representative';
  const explicit = people.map((p) => p.required && !p.waived);
  const groups: number[][] = [];
  const pick = (keep: (p: Participant) => boolean) => people.flatMap((p, i) => (keep(p) && !p.waived ? [i] : []));
  if (rules.requirePerson && !people.some((p) => personSide(p) && p.waived)) {
    groups.push(pick(personSide));
  }
  if (rules.requireGp) {
    groups.push(pick((p) => p.role === 'gp' || p.role === 'general-practitioner'));
  }
  if (rules.requireHomeNurse) {
    groups.push(pick((p) => p.role === 'home-nurse'));
  }
  const activeGroups = groups.filter((g) => g.length > 0);
  const must = people.map((_, i) => explicit[i] || activeGroups.some((g) => g.includes(i)));
  const optionalOrder = [
    ...people.flatMap((p, i) => (!must[i] && p.kind === 'professional' ? [i] : [])),
    ...people.flatMap((p, i) => (!must[i] && p.kind !== 'professional' ? [i] : [])),
  ];
  const preference = search.locationPreference ?? ['room', 'home', 'video', 'phone'];
  const rank = locations.map((l, i) => (preference.indexOf(l.kind) < 0 ? 4 : preference.indexOf(l.kind)) * 20 + i);

  const evaluate = (s: number, l: number | null) => {
    const loc = l === null ? null : locations[l];
    const remote = loc !== null && (loc.kind === 'video' || loc.kind === 'phone');
    const capacity = loc === null || remote || loc.capacity === undefined ? Infinity : loc.capacity;
    const can = (p: Participant) =>
      loc === null || (remote ? p.remoteCapable : !p.needsStepFreeAccess || loc.stepFree === true);
    const attending = new Set<number>();
    let missing = 0;
    let pros = 0;
    people.forEach((p, i) => {
      if (!must[i]) {
        return;
      }
      if (p.availabilityKnown && can(p) && oracle.isFree(i, s)) {
        attending.add(i);
        if (p.kind === 'professional') {
          pros++;
        }
      } else if (explicit[i]) {
        missing++;
      }
    });
    if (attending.size > capacity) {
      return null;
    }
    let optional = 0;
    for (const i of optionalOrder) {
      if (attending.size >= capacity) {
        break;
      }
      const p = people[i];
      if (p.availabilityKnown && can(p) && oracle.isFree(i, s)) {
        attending.add(i);
        optional++;
        if (p.kind === 'professional') {
          pros++;
        }
      }
    }
    const unmet = activeGroups.filter((g) => !g.some((m) => attending.has(m)));
    const deficit = missing + unmet.length + Math.max(0, rules.minProfessionals - pros);
    return { attending, unmet, deficit, optional };
  };

  const materialise = (c: { start: number; location: number | null; score: number }): NaiveSlot => {
    const e = evaluate(c.start, c.location)!;
    const unmetMembers = new Set(e.unmet.flat());
    return {
      start: c.start,
      location: c.location === null ? null : locations[c.location].id,
      attendees: people.filter((_, i) => e.attending.has(i)).map((p) => p.id),
      missingRequired: people
        .filter((_, i) => !e.attending.has(i) && (explicit[i] || unmetMembers.has(i)))
        .map((p) => p.id),
      score: c.score,
    };
  };

  const select = (candidates: Array<{ start: number; location: number | null; score: number }>) => {
    const chosen: typeof candidates = [];
    const d = search.durationMinutes * MIN;
    while (chosen.length < (search.maxResults ?? 5)) {
      let best: (typeof candidates)[number] | undefined;
      for (const c of candidates) {
        if (chosen.some((x) => Math.abs(x.start - c.start) < d)) {
          continue;
        }
        if (!best || c.score > best.score || (c.score === best.score && c.start < best.start)) {
          best = c;
        }
      }
      if (!best) {
        break;
      }
      chosen.push(best);
    }
    return chosen.map(materialise);
  };

  const ok: Array<{ start: number; location: number | null; score: number }> = [];
  for (const s of starts) {
    if (locations.length === 0) {
      const e = evaluate(s, null);
      if (e && e.deficit === 0) {
        ok.push({ start: s, location: null, score: e.optional });
      }
      continue;
    }
    let best: { start: number; location: number; score: number } | undefined;
    for (let l = 0; l < locations.length; l++) {
      if (!oracle.locationFree(l, s)) {
        continue;
      }
      const e = evaluate(s, l);
      if (!e || e.deficit !== 0) {
        continue;
      }
      if (!best || e.optional > best.score || (e.optional === best.score && rank[l] < rank[best.location])) {
        best = { start: s, location: l, score: e.optional };
      }
    }
    if (best) {
      ok.push(best);
    }
  }
  if (ok.length > 0) {
    return { status: 'ok', feasibleStarts: ok.map((c) => c.start), slots: select(ok) };
  }

  const partial: Array<{ start: number; location: number | null; score: number }> = [];
  for (const s of starts) {
    if (!people.some((p, i) => p.availabilityKnown && oracle.isFree(i, s))) {
      continue;
    }
    let best: { start: number; location: number | null; score: number } | undefined;
    for (let l = 0; l < locations.length; l++) {
      if (!oracle.locationFree(l, s)) {
        continue;
      }
      const e = evaluate(s, l);
      if (!e) {
        continue;
      }
      const score = -1000 * e.deficit + e.optional;
      if (!best || score > best.score || (score === best.score && rank[l] < rank[best.location as number])) {
        best = { start: s, location: l, score };
      }
    }
    if (!best) {
      const e = evaluate(s, null)!;
      best = { start: s, location: null, score: -1000 * (e.deficit + (locations.length > 0 ? 1 : 0)) + e.optional };
    }
    partial.push(best);
  }
  return { status: partial.length > 0 ? 'partial' : 'none', feasibleStarts: [], slots: select(partial) };
}
