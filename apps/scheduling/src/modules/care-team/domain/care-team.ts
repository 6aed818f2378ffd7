import { AppException } from '#concerto/ddd';

/** Everyone who may be around the table. The person is a participant by default, never an object. */
export const PARTICIPANT_KINDS = [
  'person',
  'legal-representative',
  'professional',
  'relative',
  'neighbour',
  'volunteer',
  'trusted-person',
] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

export const INFORMAL_KINDS: readonly ParticipantKind[] = ['relative', 'neighbour', 'volunteer', 'trusted-person'];

export type Channel = 'email' | 'sms' | 'phone-call' | 'letter';

export interface Participant {
  id: string;
  caseId: string;
  kind: ParticipantKind;
  /** Professional role from the directory (e.g. general-practitioner, home-nurse); absent for informal participants. */
  role?: string;
  professionalId?: string;
  organisationId?: string;
  /** BCP 47 tag; any language is kept, FR/NL/EN are served directly. */
  language: string;
  interpreterNeeded: boolean;
  required: boolean;
  /** The person chose not to attend (they may still give written input). */
  waived: boolean;
  hasEmail: boolean;
  hasPhone: boolean;
  hasPostalAddress: boolean;
  addedAt: Date;
}

export const SERVED_LANGUAGES = ['fr', 'nl', 'en'] as const;

/** Informal participants get limited rights and are never published in the directory. */
export function hasLimitedRights(kind: ParticipantKind): boolean {
  return INFORMAL_KINDS.includes(kind);
}

export function isProfessional(p: Pick<Participant, 'kind'>): boolean {
  return p.kind === 'professional';
}

export function isGp(p: Pick<Participant, 'kind' | 'role'>): boolean {
  return p.kind === 'professional' && p.role === 'general-practitioner';
}

/** The language a message is written in, and whether an interpreter should be arranged. */
export function messageLanguage(
  preferred: string,
  fallback: 'fr' | 'nl' | 'en' = 'fr',
): { language: 'fr' | 'nl' | 'en'; interpreterNeeded: boolean } {
  const base = preferred.toLowerCase().split('-')[0];
  return (SERVED_LANGUAGES as readonly string[]).includes(base)
    ? { language: base as 'fr' | 'nl' | 'en', interpreterNeeded: false }
    : { language: fallback, interpreterNeeded: true };
}

/**
 * The channels to reach a participant, best first. Someone with neither e-mail nor phone still
 * gets an invitation: a letter, or a phone call by the coordinator, as a task.
 */
export function channelsFor(p: Pick<Participant, 'hasEmail' | 'hasPhone' | 'hasPostalAddress'>): Channel[] {
  const channels: Channel[] = [];
  if (p.hasEmail) {
    channels.push('email');
  }
  if (p.hasPhone) {
    channels.push('sms');
  }
  if (channels.length === 0) {
    channels.push(p.hasPostalAddress ? 'letter' : 'phone-call');
  }
  return channels;
}

/** The source documents say a crowded table oppresses the person [004 L5695, L5886]. */
export function crowdWarning(invitees: number, maxComfortable: number): string | undefined {
  return invitees > maxComfortable
    ? `The invite list has ${invitees} people; more than ${maxComfortable} around the table can oppress the person. Consider written input or a smaller core group.`
    : undefined;
}

/**
 * A care team has a maximum size (the table of limits, docs/limits.md): beyond it every invitation,
 * slot search and letter would grow without bound. 409: the team is full, not the request malformed.
 */
export function requireSeatLeft(teamSize: number, maxParticipants: number): void {
  if (teamSize >= maxParticipants) {
    throw new AppException(
      'CARE_TEAM_FULL',
      'conflict',
      `A care team has at most ${maxParticipants} participants, the person included.`,
      { limit: maxParticipants },
    );
  }
}
