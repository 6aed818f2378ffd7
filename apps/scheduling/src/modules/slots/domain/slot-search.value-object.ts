import { SlotSearchError } from './slot-search.exception.js';
import {
  GP_ROLES,
  INAMI_HOME_CONCERTATION_RULES,
  PERSON_SIDE_KINDS,
  type BusyInterval,
  type Location,
  type LocationKind,
  type Participant,
  type ParticipantKind,
  type SlotRules,
  type SlotSearch,
} from './slot-search.types.js';
import { DEFAULT_WEEKLY_HOURS, WeeklySchedule } from './weekly-hours.value-object.js';

/**
 * Input limits. Sizes are checked before anything is iterated, so an abusive request (1,000
 * participants, a 5-year horizon) is refused in microseconds, never after a long computation.
 */
export const SLOT_SEARCH_LIMITS = {
  maxParticipants: 100,
  maxLocations: 20,
  maxBusyPerCalendar: 5_000,
  maxBusyTotal: 100_000,
  maxHorizonDays: 30,
  maxDurationMinutes: 480,
  maxBufferMinutes: 240,
  maxNoticeMinutes: 30 * 24 * 60,
  maxMinProfessionals: 20,
  maxResults: 50,
  maxIdLength: 200,
} as const;

export const ALLOWED_GRANULARITIES = [5, 10, 15, 20, 30, 60] as const;

const PARTICIPANT_KINDS: readonly ParticipantKind[] = [
  'person',
  'representative',
  'legal-representative',
  'trusted-person',
  'relative',
  'neighbour',
  'informal-carer',
  'volunteer',
  'professional',
];
const LOCATION_KINDS: readonly LocationKind[] = ['room', 'home', 'video', 'phone'];
const DEFAULT_LOCATION_PREFERENCE: readonly LocationKind[] = ['room', 'home', 'video', 'phone'];
const MINUTE_MS = 60_000;

/** A group of which at least one member must attend (the person or their representative; a GP). */
export interface RequirementGroup {
  readonly name: 'person' | 'gp' | 'home-nurse';
  readonly members: readonly number[];
}

/** A validated search with every default applied and every time in epoch milliseconds. */
export class SlotSearchSpec {
  private constructor(
    readonly participants: readonly Participant[],
    /** null: availability unknown. */
    readonly schedules: ReadonlyArray<WeeklySchedule | null>,
    /** Required on their own (coordinator's choice), waivers applied. */
    readonly explicitRequired: readonly boolean[],
    readonly groups: readonly RequirementGroup[],
    readonly locations: readonly Location[],
    readonly locationSchedules: ReadonlyArray<WeeklySchedule | null>,
    /** Lower is preferred. */
    readonly locationRank: readonly number[],
    readonly rules: SlotRules,
    readonly durationMinutes: number,
    readonly granularityMinutes: number,
    readonly bufferMs: number,
    /** Grid-aligned first possible start (earliest, notice). */
    readonly windowStartMs: number,
    readonly horizonEndMs: number,
    readonly deadlineMs: number | undefined,
    readonly maxResults: number,
  ) {}

  get granularityMs(): number {
    return this.granularityMinutes * MINUTE_MS;
  }

  get cellsPerMeeting(): number {
    return this.durationMinutes / this.granularityMinutes;
  }

  /**
   * The O(participants + locations) part of the validation: every size limit, nothing per busy
   * interval. Lets a caller refuse abusive input before copying it anywhere.
   */
  static checkSize(input: SlotSearch): void {
    if (typeof input !== 'object' || input === null) {
      throw new SlotSearchError('search', 'a slot search object is required');
    }
    integerIn(input.horizonDays ?? 14, 1, SLOT_SEARCH_LIMITS.maxHorizonDays, 'horizonDays');
    const participants = input.participants;
    if (!Array.isArray(participants) || participants.length === 0) {
      throw new SlotSearchError('participants', 'at least one participant is required');
    }
    if (participants.length > SLOT_SEARCH_LIMITS.maxParticipants) {
      throw new SlotSearchError(
        'participants',
        `at most ${SLOT_SEARCH_LIMITS.maxParticipants} participants per search`,
      );
    }
    const locations = input.locations ?? [];
    if (!Array.isArray(locations) || locations.length > SLOT_SEARCH_LIMITS.maxLocations) {
      throw new SlotSearchError('locations', `at most ${SLOT_SEARCH_LIMITS.maxLocations} locations per search`);
    }
    let totalBusy = 0;
    for (let i = 0; i < participants.length; i++) {
      totalBusy += busyLength((participants[i] as { busy?: unknown } | undefined)?.busy, 'participants', i);
    }
    for (let i = 0; i < locations.length; i++) {
      totalBusy += busyLength((locations[i] as { busy?: unknown } | undefined)?.busy ?? [], 'locations', i);
    }
    if (totalBusy > SLOT_SEARCH_LIMITS.maxBusyTotal) {
      throw new SlotSearchError('participants', `at most ${SLOT_SEARCH_LIMITS.maxBusyTotal} busy intervals per search`);
    }
  }

  static from(input: SlotSearch): SlotSearchSpec {
    SlotSearchSpec.checkSize(input);
    const granularityMinutes = input.granularityMinutes ?? 15;
    if (!(ALLOWED_GRANULARITIES as readonly number[]).includes(granularityMinutes)) {
      throw new SlotSearchError(
        'granularityMinutes',
        `granularity must be one of ${ALLOWED_GRANULARITIES.join(', ')} minutes`,
      );
    }
    const horizonDays = input.horizonDays ?? 14;
    const durationMinutes = input.durationMinutes;
    integerIn(durationMinutes, granularityMinutes, SLOT_SEARCH_LIMITS.maxDurationMinutes, 'durationMinutes');
    if (durationMinutes % granularityMinutes !== 0) {
      throw new SlotSearchError('durationMinutes', `the duration must be a multiple of ${granularityMinutes} minutes`);
    }
    const notice = input.minimumNoticeMinutes ?? 0;
    integerIn(notice, 0, SLOT_SEARCH_LIMITS.maxNoticeMinutes, 'minimumNoticeMinutes');
    const buffer = input.bufferMinutes ?? 0;
    integerIn(buffer, 0, SLOT_SEARCH_LIMITS.maxBufferMinutes, 'bufferMinutes');
    const maxResults = input.maxResults ?? 5;
    integerIn(maxResults, 1, SLOT_SEARCH_LIMITS.maxResults, 'maxResults');
    const earliestMs = instant(input.earliest, 'earliest');
    const nowMs = input.now === undefined ? earliestMs : instant(input.now, 'now');
    const deadlineMs = input.deadline === undefined ? undefined : instant(input.deadline, 'deadline');
    const rules = SlotSearchSpec.rules(input.rules);

    const participants = input.participants;
    const locations = input.locations ?? [];

    const defaultSchedule = WeeklySchedule.parse(
      input.defaultWeeklyHours ?? DEFAULT_WEEKLY_HOURS,
      'defaultWeeklyHours',
    );
    const ids = new Set<string>();
    const schedules = participants.map((p, i) => {
      const field = `participants[${i}]`;
      SlotSearchSpec.checkParticipant(p, field, ids);
      if (!p.availabilityKnown) {
        return null;
      }
      return p.weeklyHours === undefined
        ? defaultSchedule
        : WeeklySchedule.parse(p.weeklyHours, `${field}.weeklyHours`);
    });
    const locationIds = new Set<string>();
    const locationSchedules = locations.map((l, i) => {
      const field = `locations[${i}]`;
      SlotSearchSpec.checkLocation(l, field, locationIds);
      return l.openingHours === undefined ? null : WeeklySchedule.parse(l.openingHours, `${field}.openingHours`);
    });
    const preference = input.locationPreference ?? DEFAULT_LOCATION_PREFERENCE;
    if (
      !Array.isArray(preference) ||
      preference.some((k: unknown) => !(LOCATION_KINDS as readonly unknown[]).includes(k))
    ) {
      throw new SlotSearchError('locationPreference', `expected a list of ${LOCATION_KINDS.join(', ')}`);
    }
    const locationRank = locations.map((l, i) => {
      const kindRank = preference.indexOf(l.kind);
      return (kindRank < 0 ? LOCATION_KINDS.length : kindRank) * SLOT_SEARCH_LIMITS.maxLocations + i;
    });

    // A person who waived attendance is no longer required, whatever the coordinator ticked.
    const explicitRequired = participants.map((p) => p.required && !p.waived);
    const groups: RequirementGroup[] = [];
    const indexesWhere = (keep: (p: Participant) => boolean): number[] =>
      participants.flatMap((p, i) => (keep(p) && !p.waived ? [i] : []));
    const personSide = (p: Participant): boolean => PERSON_SIDE_KINDS.includes(p.kind);
    // INAMI: the person, or someone they chose, takes part unless the person declared it unnecessary.
    if (rules.requirePerson && !participants.some((p) => personSide(p) && p.waived)) {
      addGroup(groups, 'person', indexesWhere(personSide));
    }
    if (rules.requireGp) {
      addGroup(
        groups,
        'gp',
        indexesWhere((p) => p.role !== undefined && GP_ROLES.includes(p.role)),
      );
    }
    if (rules.requireHomeNurse) {
      addGroup(
        groups,
        'home-nurse',
        indexesWhere((p) => p.role === 'home-nurse'),
      );
    }

    const granularityMs = granularityMinutes * MINUTE_MS;
    const firstStart = Math.max(earliestMs, nowMs + notice * MINUTE_MS);
    // Brussels offsets are whole hours and the granularity divides 60, so an epoch-aligned grid is
    // also aligned on local quarter-hours.
    const windowStartMs = Math.ceil(firstStart / granularityMs) * granularityMs;
    const horizonEndMs = earliestMs + horizonDays * 24 * 60 * MINUTE_MS;

    return new SlotSearchSpec(
      participants,
      schedules,
      explicitRequired,
      groups,
      locations,
      locationSchedules,
      locationRank,
      rules,
      durationMinutes,
      granularityMinutes,
      buffer * MINUTE_MS,
      windowStartMs,
      horizonEndMs,
      deadlineMs,
      maxResults,
    );
  }

  private static rules(input: Partial<SlotRules> | undefined): SlotRules {
    const rules = { ...INAMI_HOME_CONCERTATION_RULES, ...(input ?? {}) };
    integerIn(rules.minProfessionals, 0, SLOT_SEARCH_LIMITS.maxMinProfessionals, 'rules.minProfessionals');
    for (const flag of ['requirePerson', 'requireGp', 'requireHomeNurse'] as const) {
      if (typeof rules[flag] !== 'boolean') {
        throw new SlotSearchError(`rules.${flag}`, 'expected true or false');
      }
    }
    return rules;
  }

  private static checkParticipant(p: Participant, field: string, ids: Set<string>): void {
    if (typeof p !== 'object' || p === null) {
      throw new SlotSearchError(field, 'expected a participant object');
    }
    checkId(p.id, `${field}.id`, ids);
    if (!PARTICIPANT_KINDS.includes(p.kind)) {
      throw new SlotSearchError(`${field}.kind`, `expected one of ${PARTICIPANT_KINDS.join(', ')}`);
    }
    for (const flag of ['required', 'remoteCapable', 'availabilityKnown'] as const) {
      if (typeof p[flag] !== 'boolean') {
        throw new SlotSearchError(`${field}.${flag}`, 'expected true or false');
      }
    }
    if (p.role !== undefined && (typeof p.role !== 'string' || p.role.length > SLOT_SEARCH_LIMITS.maxIdLength)) {
      throw new SlotSearchError(`${field}.role`, 'expected a short role name');
    }
    checkBusy(p.busy, `${field}.busy`);
  }

  private static checkLocation(l: Location, field: string, ids: Set<string>): void {
    if (typeof l !== 'object' || l === null) {
      throw new SlotSearchError(field, 'expected a location object');
    }
    checkId(l.id, `${field}.id`, ids);
    if (!LOCATION_KINDS.includes(l.kind)) {
      throw new SlotSearchError(`${field}.kind`, `expected one of ${LOCATION_KINDS.join(', ')}`);
    }
    if (l.capacity !== undefined) {
      integerIn(l.capacity, 1, 10_000, `${field}.capacity`);
    }
    checkBusy(l.busy ?? [], `${field}.busy`);
  }
}

function addGroup(groups: RequirementGroup[], name: RequirementGroup['name'], members: number[]): void {
  // No GP in the team: the GP rule does not apply (and likewise for the other groups).
  if (members.length > 0) {
    groups.push({ name, members });
  }
}

function integerIn(value: unknown, min: number, max: number, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SlotSearchError(field, `expected an integer from ${min} to ${max}`);
  }
}

function instant(value: unknown, field: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new SlotSearchError(field, 'expected a valid date');
  }
  return value.getTime();
}

function checkId(id: unknown, field: string, ids: Set<string>): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > SLOT_SEARCH_LIMITS.maxIdLength) {
    throw new SlotSearchError(field, `expected a non-empty id of at most ${SLOT_SEARCH_LIMITS.maxIdLength} characters`);
  }
  if (ids.has(id)) {
    throw new SlotSearchError(field, `duplicate id '${id}'`);
  }
  ids.add(id);
}

function busyLength(busy: unknown, list: string, index: number): number {
  if (!Array.isArray(busy)) {
    throw new SlotSearchError(`${list}[${index}].busy`, 'expected a list of busy intervals');
  }
  if (busy.length > SLOT_SEARCH_LIMITS.maxBusyPerCalendar) {
    throw new SlotSearchError(
      `${list}[${index}].busy`,
      `at most ${SLOT_SEARCH_LIMITS.maxBusyPerCalendar} busy intervals per calendar`,
    );
  }
  return busy.length;
}

function checkBusy(busy: readonly BusyInterval[], field: string): void {
  for (let j = 0; j < busy.length; j++) {
    const b = busy[j];
    const start = b?.start;
    const end = b?.end;
    // Hot on large calendars: field names are only built when something is wrong.
    if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
      instant(start, `${field}[${j}].start`);
    }
    if (!(end instanceof Date) || Number.isNaN(end.getTime())) {
      instant(end, `${field}[${j}].end`);
    }
    if (end.getTime() <= start.getTime()) {
      throw new SlotSearchError(`${field}[${j}]`, 'a busy interval must end after it starts');
    }
  }
}
