import type { WeeklyHours } from './weekly-hours.value-object.js';

/**
 * Only 'professional' counts towards the INAMI minimum of care providers. 'representative' and
 * 'legal-representative' (the care-team module's name) can stand in for the person. The rest is
 * the informal circle.
 */
export type ParticipantKind =
  | 'person'
  | 'representative'
  | 'legal-representative'
  | 'trusted-person'
  | 'relative'
  | 'neighbour'
  | 'informal-carer'
  | 'volunteer'
  | 'professional';

/** Open list. The GP rule matches 'gp' or 'general-practitioner'; the nurse rule 'home-nurse'. */
export type ParticipantRole =
  'gp' | 'general-practitioner' | 'home-nurse' | 'social-worker' | 'coordinator' | (string & {});

export const GP_ROLES: readonly string[] = ['gp', 'general-practitioner'];
export const PERSON_SIDE_KINDS: readonly ParticipantKind[] = ['person', 'representative', 'legal-representative'];

export interface BusyInterval {
  readonly start: Date;
  readonly end: Date;
}

export interface Participant {
  readonly id: string;
  readonly kind: ParticipantKind;
  readonly role?: ParticipantRole;
  /** Set by the coordinator. The rules add the person, the GP and (optionally) the home nurse. */
  readonly required: boolean;
  /** The person (or representative) declared that their presence is not needed. */
  readonly waived?: boolean;
  readonly needsStepFreeAccess?: boolean;
  readonly remoteCapable: boolean;
  /** Missing: DEFAULT_WEEKLY_HOURS (or SlotSearch.defaultWeeklyHours) when availability is known. */
  readonly weeklyHours?: WeeklyHours;
  readonly busy: readonly BusyInterval[];
  /** false: no calendar and no declared availability. Never treated as free; reported for a poll. */
  readonly availabilityKnown: boolean;
}

export type LocationKind = 'room' | 'home' | 'video' | 'phone';

export interface Location {
  readonly id: string;
  readonly kind: LocationKind;
  /** In-person places only; missing means unlimited. */
  readonly capacity?: number;
  readonly stepFree?: boolean;
  /** e.g. the bassin room's opening hours; missing means always open. */
  readonly openingHours?: WeeklyHours;
  readonly busy?: readonly BusyInterval[];
}

/** INAMI/RIZIV home concertation (SISD/GDT): ≥ 3 care providers, the GP, the person unless waived. */
export interface SlotRules {
  readonly minProfessionals: number;
  readonly requirePerson: boolean;
  readonly requireGp: boolean;
  /** Set when the person receives home nursing: the home nurse must then take part. */
  readonly requireHomeNurse: boolean;
}

export const INAMI_HOME_CONCERTATION_RULES: SlotRules = {
  minProfessionals: 3,
  requirePerson: true,
  requireGp: true,
  requireHomeNurse: false,
};

export interface SlotSearch {
  readonly participants: readonly Participant[];
  readonly durationMinutes: number;
  /** No slot starts before this instant. */
  readonly earliest: Date;
  /** Reference for the minimum notice; defaults to `earliest`. */
  readonly now?: Date;
  /** Hard and exclusive: every proposed meeting ends strictly before it (e.g. the discharge). */
  readonly deadline?: Date;
  readonly minimumNoticeMinutes?: number;
  /** Free time each participant needs before and after the meeting, next to their busy blocks. */
  readonly bufferMinutes?: number;
  /** Divides 60. Default 15. */
  readonly granularityMinutes?: number;
  /** The search covers [earliest, earliest + horizonDays × 24 h). Default 14, at most 30. */
  readonly horizonDays?: number;
  readonly rules?: Partial<SlotRules>;
  readonly locations: readonly Location[];
  /** Default 5, at most 50. */
  readonly maxResults?: number;
  readonly defaultWeeklyHours?: WeeklyHours;
  /** Preference among locations at the same time. Default room, home, video, phone. */
  readonly locationPreference?: readonly LocationKind[];
}

export type SlotSearchStatus = 'ok' | 'partial' | 'none';

export type SlotSearchReason =
  | 'deadline-too-close'
  | 'no-availability-in-window'
  | 'no-common-time-for-required'
  | 'person-unavailable'
  | 'gp-unavailable'
  | 'home-nurse-unavailable'
  | 'too-few-professionals-invited'
  | 'not-enough-professionals'
  | 'no-accessible-room'
  | 'no-location-available'
  | 'availability-unknown';

export interface RankedSlot {
  readonly start: Date;
  readonly end: Date;
  /** Europe/Brussels wall-clock with offset, e.g. "2026-10-26T09:00:00+01:00". */
  readonly localStart: string;
  readonly localEnd: string;
  readonly location: { readonly id: string; readonly kind: LocationKind } | null;
  readonly attendees: readonly string[];
  readonly missingRequired: readonly string[];
  readonly missingOptional: readonly string[];
  readonly professionals: number;
  /** How many more professionals the minimum needs at this slot (0 when met). */
  readonly professionalsShort: number;
  /** −1000 per unmet requirement + 1 per optional attendee. Ties go to the earlier slot. */
  readonly score: number;
}

export type SlotAlternative =
  | { readonly kind: 'video' }
  | { readonly kind: 'written-input'; readonly from: readonly string[] }
  | { readonly kind: 'availability-poll'; readonly from: readonly string[] }
  /** The earliest slot meeting every rule after the deadline: a reason to negotiate the date. */
  | { readonly kind: 'after-deadline'; readonly start: Date; readonly end: Date; readonly localStart: string };

export interface SlotSearchResult {
  readonly status: SlotSearchStatus;
  readonly slots: readonly RankedSlot[];
  readonly reasons: readonly SlotSearchReason[];
  readonly alternatives: readonly SlotAlternative[];
  readonly flagCoordinator: boolean;
  readonly unknownAvailability: readonly string[];
  /** The searched window after notice, grid rounding, deadline and horizon. */
  readonly window: { readonly start: Date; readonly end: Date };
}
