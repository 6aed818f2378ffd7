import { AvailabilityBitset } from './availability-bitset.js';
import { dayMinuteToUtc, localDaysCovering, toZonedIso, type LocalDay } from '#concerto/ddd';
import type {
  BusyInterval,
  RankedSlot,
  SlotAlternative,
  SlotSearch,
  SlotSearchReason,
  SlotSearchResult,
  SlotSearchStatus,
} from './slot-search.types.js';
import { SlotSearchSpec } from './slot-search.value-object.js';
import type { WeeklySchedule } from './weekly-hours.value-object.js';

/**
 * Proposes ranked concertation slots. Pure and synchronous: same input, same output. About 1 ms
 * for the P7 case and tens of ms at SLOT_SEARCH_LIMITS (docs/benchmarks-slot-finder.md);
 * SlotFinderWorkerPool (infrastructure/) runs it off the event loop.
 *
 * Throws SlotSearchError on invalid input or input beyond SLOT_SEARCH_LIMITS.
 */
export function findSlots(search: SlotSearch): SlotSearchResult {
  return new SlotFinder(SlotSearchSpec.from(search)).find();
}

/** Every start that meets all rules and has a location, ascending. For tests and the benchmark. */
export function listFeasibleStarts(search: SlotSearch): Date[] {
  const finder = new SlotFinder(SlotSearchSpec.from(search));
  return finder.feasibleStarts().map((ms) => new Date(ms));
}

const PARTIAL_PENALTY = 1000;

interface Evaluation {
  /** Unmet requirements: absent required participants, unmet groups, missing professionals. */
  deficit: number;
  optional: number;
  pros: number;
  groupsMet: number;
}

interface Candidate {
  start: number;
  location: number;
  score: number;
}

/** One search: the slot grid, the availability bitsets, and the scans over them. */
class SlotFinder {
  private readonly n: number;
  private readonly k: number;
  private readonly startMs: number;
  private readonly cellMs: number;
  /** Per participant: cells where a meeting can start; null when availability is unknown. */
  private readonly windows: Array<AvailabilityBitset | null>;
  private readonly locationWindows: AvailabilityBitset[];
  /** Starts whose meeting fits in the horizon, and those that also end before the deadline. */
  private readonly horizonStarts: AvailabilityBitset;
  private readonly deadlineStarts: AvailabilityBitset;

  // Flat per-participant facts for the hot loop.
  private readonly mustOrder: number[] = [];
  private readonly optionalOrder: number[] = [];
  private readonly isPro: Uint8Array;
  private readonly explicit: Uint8Array;
  private readonly groupBits: Uint8Array;
  private readonly allGroups: number;
  private readonly canAttend: Uint8Array[];
  private readonly capacity: number[];
  /** Location indexes, most preferred first. */
  private readonly locationOrder: number[];
  private readonly scratch: Evaluation = { deficit: 0, optional: 0, pros: 0, groupsMet: 0 };

  constructor(private readonly spec: SlotSearchSpec) {
    this.cellMs = spec.granularityMs;
    this.k = spec.cellsPerMeeting;
    this.startMs = spec.windowStartMs;
    this.n = Math.max(0, Math.floor((spec.horizonEndMs - this.startMs) / this.cellMs));
    this.horizonStarts = AvailabilityBitset.full(this.n).windowStarts(this.k);
    this.deadlineStarts = this.horizonStarts.copy();
    if (spec.deadlineMs !== undefined) {
      // Strictly before: the last usable cell ends at deadline − 1 ms at the latest.
      const usableCells = Math.max(0, Math.floor((spec.deadlineMs - 1 - this.startMs) / this.cellMs));
      this.deadlineStarts.clearRange(usableCells - this.k + 1, this.n);
    }

    const days = localDaysCovering(this.startMs, this.startMs + this.n * this.cellMs);
    const workingByKey = new Map<string, AvailabilityBitset>();
    const working = (schedule: WeeklySchedule): AvailabilityBitset => {
      let cells = workingByKey.get(schedule.key);
      if (!cells) {
        cells = this.scheduleCells(schedule, days);
        workingByKey.set(schedule.key, cells);
      }
      return cells;
    };
    this.windows = spec.participants.map((p, i) => {
      const schedule = spec.schedules[i];
      if (!schedule) {
        return null;
      }
      const free = working(schedule).copy();
      this.clearBusy(free, p.busy, spec.bufferMs);
      return free.windowStarts(this.k);
    });
    this.locationWindows = spec.locations.map((l, i) => {
      const schedule = spec.locationSchedules[i];
      const free = schedule ? working(schedule).copy() : AvailabilityBitset.full(this.n);
      this.clearBusy(free, l.busy ?? [], 0);
      return free.windowStarts(this.k);
    });

    const count = spec.participants.length;
    this.isPro = new Uint8Array(count);
    this.explicit = new Uint8Array(count);
    this.groupBits = new Uint8Array(count);
    spec.groups.forEach((group, g) => group.members.forEach((m) => (this.groupBits[m] |= 1 << g)));
    this.allGroups = (1 << spec.groups.length) - 1;
    const optionalPros: number[] = [];
    const optionalOthers: number[] = [];
    spec.participants.forEach((p, i) => {
      this.isPro[i] = p.kind === 'professional' ? 1 : 0;
      this.explicit[i] = spec.explicitRequired[i] ? 1 : 0;
      if (this.explicit[i] || this.groupBits[i]) {
        this.mustOrder.push(i);
      } else {
        (p.kind === 'professional' ? optionalPros : optionalOthers).push(i);
      }
    });
    // When a room is too small, optional professionals get the seats first (they count for the quorum).
    this.optionalOrder = [...optionalPros, ...optionalOthers];
    this.canAttend = spec.locations.map((l) => {
      const remote = l.kind === 'video' || l.kind === 'phone';
      return Uint8Array.from(spec.participants, (p) =>
        (remote ? p.remoteCapable : !p.needsStepFreeAccess || l.stepFree === true) ? 1 : 0,
      );
    });
    this.capacity = spec.locations.map((l) =>
      l.kind === 'video' || l.kind === 'phone' || l.capacity === undefined ? Infinity : l.capacity,
    );
    this.locationOrder = spec.locations.map((_, l) => l).sort((a, b) => spec.locationRank[a] - spec.locationRank[b]);
  }

  find(): SlotSearchResult {
    const spec = this.spec;
    const unknown = spec.participants.filter((p) => !p.availabilityKnown).map((p) => p.id);
    const prefilter = this.prefilter(this.deadlineStarts);
    const ok = this.okCandidates(prefilter);
    const windowEnd = spec.deadlineMs === undefined ? spec.horizonEndMs : Math.min(spec.deadlineMs, spec.horizonEndMs);
    const window = { start: new Date(this.startMs), end: new Date(Math.max(this.startMs, windowEnd)) };
    const alternatives: SlotAlternative[] = [];
    if (ok.length > 0) {
      if (unknown.length > 0) {
        alternatives.push({ kind: 'availability-poll', from: unknown });
      }
      const slots = this.select(ok).map((c) => this.materialise(c));
      return {
        status: 'ok',
        slots,
        reasons: unknown.length > 0 ? ['availability-unknown'] : [],
        alternatives,
        flagCoordinator: false,
        unknownAvailability: unknown,
        window,
      };
    }

    const reasons = new Set<SlotSearchReason>();
    if (unknown.length > 0) {
      reasons.add('availability-unknown');
    }
    const deadlineCuts = spec.deadlineMs !== undefined && spec.deadlineMs < spec.horizonEndMs;
    if (deadlineCuts) {
      const beyond = this.okCandidates(this.prefilter(this.horizonStarts));
      if (beyond.length > 0 || this.deadlineStarts.isEmpty()) {
        reasons.add('deadline-too-close');
      }
      if (beyond.length > 0) {
        const startMs = this.cellStart(beyond[0].start); // candidates come in start order
        alternatives.push({
          kind: 'after-deadline',
          start: new Date(startMs),
          end: new Date(startMs + spec.durationMinutes * 60_000),
          localStart: toZonedIso(startMs),
        });
      }
    }
    const slots = this.select(this.partialCandidates()).map((c) => this.materialise(c));
    const status: SlotSearchStatus = slots.length > 0 ? 'partial' : 'none';
    if (status === 'partial') {
      this.diagnose(prefilter, reasons);
    } else if (!reasons.has('deadline-too-close')) {
      reasons.add('no-availability-in-window');
    }
    const mustUnknown = this.mustOrder.some((p) => this.windows[p] === null);
    if ([...reasons].every((r) => r === 'availability-unknown') && !mustUnknown) {
      reasons.add('no-common-time-for-required');
    }
    const missing = slots[0]?.missingRequired ?? [];
    if (missing.length > 0) {
      alternatives.push({ kind: 'written-input', from: missing });
    }
    if (!spec.locations.some((l) => l.kind === 'video') || reasons.has('no-accessible-room')) {
      alternatives.push({ kind: 'video' });
    }
    if (unknown.length > 0) {
      alternatives.push({ kind: 'availability-poll', from: unknown });
    }
    return {
      status,
      slots,
      reasons: [...reasons],
      alternatives,
      flagCoordinator: true,
      unknownAvailability: unknown,
      window,
    };
  }

  feasibleStarts(): number[] {
    return this.okCandidates(this.prefilter(this.deadlineStarts))
      .map((c) => this.cellStart(c.start))
      .sort((a, b) => a - b);
  }

  private cellStart(i: number): number {
    return this.startMs + i * this.cellMs;
  }

  /** Cells lying entirely inside the schedule's local working ranges, day by day (DST-aware). */
  private scheduleCells(schedule: WeeklySchedule, days: readonly LocalDay[]): AvailabilityBitset {
    const cells = new AvailabilityBitset(this.n);
    for (const day of days) {
      for (const [from, to] of schedule.rangesOn(day.weekday)) {
        const startUtc = dayMinuteToUtc(day, from);
        const endUtc = dayMinuteToUtc(day, to);
        cells.setRange(
          Math.ceil((startUtc - this.startMs) / this.cellMs),
          Math.floor((endUtc - this.startMs) / this.cellMs),
        );
      }
    }
    return cells;
  }

  /** Clears every cell overlapping a busy block widened by the buffer on both sides. */
  private clearBusy(cells: AvailabilityBitset, busy: readonly BusyInterval[], bufferMs: number): void {
    const origin = this.startMs;
    const cell = this.cellMs;
    for (let j = 0; j < busy.length; j++) {
      const b = busy[j];
      const from = Math.floor((b.start.getTime() - bufferMs - origin) / cell);
      const to = Math.ceil((b.end.getTime() + bufferMs - origin) / cell);
      cells.clearRange(from, to);
    }
  }

  /**
   * Necessary conditions, word-parallel: every explicitly required participant free, and at least
   * one member of each requirement group free. Unknown availability is never free.
   */
  private prefilter(starts: AvailabilityBitset): AvailabilityBitset {
    const mask = starts.copy();
    this.spec.participants.forEach((_, i) => {
      if (this.explicit[i]) {
        const w = this.windows[i];
        if (w) {
          mask.and(w);
        } else {
          mask.clearRange(0, this.n);
        }
      }
    });
    for (const group of this.spec.groups) {
      const any = new AvailabilityBitset(this.n);
      for (const m of group.members) {
        const w = this.windows[m];
        if (w) {
          any.or(w);
        }
      }
      mask.and(any);
    }
    return mask;
  }

  /**
   * Exact check per remaining start; keeps the best location per start. A location can only turn
   * people away, so the score without one bounds every location's: a start that fails without a
   * location is skipped, and the first location (in preference order) reaching the bound wins.
   */
  private okCandidates(prefilter: AvailabilityBitset): Candidate[] {
    const found: Candidate[] = [];
    const e = this.scratch;
    for (let i = prefilter.nextSetBit(0); i >= 0; i = prefilter.nextSetBit(i + 1)) {
      this.evaluate(i, -1, e);
      if (e.deficit !== 0) {
        continue;
      }
      if (this.locationOrder.length === 0) {
        found.push({ start: i, location: -1, score: e.optional });
        continue;
      }
      const bound = e.optional;
      let best = -1;
      let bestOptional = -1;
      for (const l of this.locationOrder) {
        if (
          !this.locationWindows[l].has(i) ||
          !this.evaluate(i, l, e) ||
          e.deficit !== 0 ||
          e.optional <= bestOptional
        ) {
          continue;
        }
        best = l;
        bestOptional = e.optional;
        if (bestOptional === bound) {
          break;
        }
      }
      if (best >= 0) {
        found.push({ start: i, location: best, score: bestOptional });
      }
    }
    return found;
  }

  /** Any start where someone is free, scored −1000 per unmet requirement (no location counts as one). */
  private partialCandidates(): Candidate[] {
    const someone = new AvailabilityBitset(this.n);
    for (const w of this.windows) {
      if (w) {
        someone.or(w);
      }
    }
    someone.and(this.deadlineStarts);
    const found: Candidate[] = [];
    const e = this.scratch;
    for (let i = someone.nextSetBit(0); i >= 0; i = someone.nextSetBit(i + 1)) {
      this.evaluate(i, -1, e);
      const bound = -PARTIAL_PENALTY * e.deficit + e.optional;
      let best = -1;
      let bestScore = -Infinity;
      for (const l of this.locationOrder) {
        if (!this.locationWindows[l].has(i) || !this.evaluate(i, l, e)) {
          continue;
        }
        const score = -PARTIAL_PENALTY * e.deficit + e.optional;
        if (score > bestScore) {
          best = l;
          bestScore = score;
          if (score === bound) {
            break;
          }
        }
      }
      if (best < 0) {
        // No usable place counts as one more unmet requirement.
        bestScore = bound - (this.locationOrder.length > 0 ? PARTIAL_PENALTY : 0);
      }
      found.push({ start: i, location: best, score: bestScore });
    }
    return found;
  }

  /**
   * Who can attend start i at location l (−1: no location constraint). Returns false when the
   * location cannot hold the required participants who are free.
   */
  private evaluate(i: number, l: number, out: Evaluation, attending?: Uint8Array): boolean {
    const can = l >= 0 ? this.canAttend[l] : null;
    const capacity = l >= 0 ? this.capacity[l] : Infinity;
    let present = 0;
    let pros = 0;
    let missing = 0;
    let groupsMet = 0;
    for (const p of this.mustOrder) {
      const w = this.windows[p];
      if (w !== null && (can === null || can[p] === 1) && w.has(i)) {
        present++;
        pros += this.isPro[p];
        groupsMet |= this.groupBits[p];
        if (attending) {
          attending[p] = 1;
        }
      } else {
        missing += this.explicit[p];
      }
    }
    if (present > capacity) {
      return false;
    }
    let optional = 0;
    for (const p of this.optionalOrder) {
      if (present >= capacity) {
        break;
      }
      const w = this.windows[p];
      if (w !== null && (can === null || can[p] === 1) && w.has(i)) {
        present++;
        optional++;
        pros += this.isPro[p];
        if (attending) {
          attending[p] = 1;
        }
      }
    }
    let unmet = this.allGroups & ~groupsMet;
    while (unmet) {
      missing++;
      unmet &= unmet - 1;
    }
    out.deficit = missing + Math.max(0, this.spec.rules.minProfessionals - pros);
    out.optional = optional;
    out.pros = pros;
    out.groupsMet = groupsMet;
    return true;
  }

  /** Best first (score, then earliest), skipping any slot that overlaps one already chosen. */
  private select(candidates: readonly Candidate[]): Candidate[] {
    const chosen: Candidate[] = [];
    const blocked = new Uint8Array(this.n);
    while (chosen.length < this.spec.maxResults) {
      let best: Candidate | undefined;
      for (const c of candidates) {
        if (
          blocked[c.start] === 0 &&
          (!best || c.score > best.score || (c.score === best.score && c.start < best.start))
        ) {
          best = c;
        }
      }
      if (!best) {
        break;
      }
      chosen.push(best);
      const from = Math.max(0, best.start - this.k + 1);
      blocked.fill(1, from, Math.min(this.n, best.start + this.k));
    }
    return chosen;
  }

  private materialise(c: Candidate): RankedSlot {
    const spec = this.spec;
    const attending = new Uint8Array(spec.participants.length);
    const e: Evaluation = { deficit: 0, optional: 0, pros: 0, groupsMet: 0 };
    this.evaluate(c.start, c.location, e, attending);
    const unmetGroupMembers = new Set<number>();
    spec.groups.forEach((group, g) => {
      if ((e.groupsMet & (1 << g)) === 0) {
        group.members.forEach((m) => unmetGroupMembers.add(m));
      }
    });
    const attendees: string[] = [];
    const missingRequired: string[] = [];
    const missingOptional: string[] = [];
    spec.participants.forEach((p, i) => {
      if (attending[i]) {
        attendees.push(p.id);
      } else if (this.explicit[i] || unmetGroupMembers.has(i)) {
        missingRequired.push(p.id);
      } else {
        missingOptional.push(p.id);
      }
    });
    const startMs = this.cellStart(c.start);
    const endMs = startMs + spec.durationMinutes * 60_000;
    const location = c.location >= 0 ? spec.locations[c.location] : null;
    return {
      start: new Date(startMs),
      end: new Date(endMs),
      localStart: toZonedIso(startMs),
      localEnd: toZonedIso(endMs),
      location: location ? { id: location.id, kind: location.kind } : null,
      attendees,
      missingRequired,
      missingOptional,
      professionals: e.pros,
      professionalsShort: Math.max(0, spec.rules.minProfessionals - e.pros),
      score: c.score,
    };
  }

  /** Why no start meets every rule, from the bitsets (only run when the search fails). */
  private diagnose(prefilter: AvailabilityBitset, reasons: Set<SlotSearchReason>): void {
    const spec = this.spec;
    const required = this.deadlineStarts.copy();
    let knownRequired = 0;
    spec.participants.forEach((_, i) => {
      const w = this.windows[i];
      if (this.explicit[i] && w) {
        required.and(w);
        knownRequired++;
      }
    });
    if (knownRequired > 0 && required.isEmpty()) {
      reasons.add('no-common-time-for-required');
      return;
    }
    const groupReason = {
      person: 'person-unavailable',
      gp: 'gp-unavailable',
      'home-nurse': 'home-nurse-unavailable',
    } as const;
    for (const group of spec.groups) {
      const known = group.members.map((m) => this.windows[m]).filter((w): w is AvailabilityBitset => w !== null);
      if (known.length === 0) {
        continue; // reported as availability-unknown
      }
      const any = new AvailabilityBitset(this.n);
      known.forEach((w) => any.or(w));
      if (any.and(required).isEmpty()) {
        reasons.add(groupReason[group.name]);
      }
    }
    const invitedPros = spec.participants.filter((p) => p.kind === 'professional').length;
    if (invitedPros < spec.rules.minProfessionals) {
      reasons.add('too-few-professionals-invited');
    }
    // Starts meeting every rule when the location is ignored: if some exist, the place is the problem.
    const e = this.scratch;
    const ruleFeasible = new AvailabilityBitset(this.n);
    let prosMet = false;
    for (let i = prefilter.nextSetBit(0); i >= 0; i = prefilter.nextSetBit(i + 1)) {
      this.evaluate(i, -1, e);
      prosMet ||= e.pros >= spec.rules.minProfessionals;
      if (e.deficit === 0) {
        ruleFeasible.setRange(i, i + 1);
      }
    }
    if (!prefilter.isEmpty() && !prosMet && invitedPros >= spec.rules.minProfessionals) {
      reasons.add('not-enough-professionals');
    }
    if (!ruleFeasible.isEmpty() && spec.locations.length > 0) {
      const stepFreeNeeded = this.mustOrder.some((p) => spec.participants[p].needsStepFreeAccess === true);
      const stepFreeRoomFree = spec.locations.some(
        (l, idx) =>
          l.stepFree === true &&
          l.kind !== 'video' &&
          l.kind !== 'phone' &&
          !this.locationWindows[idx].copy().and(ruleFeasible).isEmpty(),
      );
      reasons.add(stepFreeNeeded && !stepFreeRoomFree ? 'no-accessible-room' : 'no-location-available');
    }
  }
}
