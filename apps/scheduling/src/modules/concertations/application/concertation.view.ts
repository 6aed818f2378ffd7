import type { RsvpAction } from '#concerto/auth';
import type { ParticipantView } from '../../care-team/application/care-team.reader.js';
import type { ConcertationState, MeetingLocation } from '../domain/concertation.aggregate.js';

export interface ConcertationView {
  id: string;
  caseId: string;
  status: string;
  start: string;
  end: string;
  location: MeetingLocation;
  sequence: number;
  invitations: Array<{
    id: string;
    participantId: string;
    displayName?: string;
    required: boolean;
    status: string;
    writtenInput?: string;
    /** The answer was recorded by a coordinator for the invitee (R15): who and how. */
    onBehalf?: { recordedBy: string; channel: string };
  }>;
  /** A planned meeting whose consent was withdrawn since: flagged to the coordinator, not cancelled for them. */
  consentWithdrawn?: boolean;
}

export function toConcertationView(
  s: Readonly<ConcertationState>,
  team: readonly ParticipantView[],
  consentAllows = true,
): ConcertationView {
  return {
    id: s.id,
    caseId: s.caseId,
    status: s.status,
    start: s.start.toISOString(),
    end: s.end.toISOString(),
    location: s.location,
    sequence: s.sequence,
    invitations: s.invitations.map((i) => ({
      id: i.id,
      participantId: i.participantId,
      displayName: team.find((p) => p.id === i.participantId)?.displayName,
      required: i.required,
      status: i.status,
      ...(i.writtenInput ? { writtenInput: i.writtenInput } : {}),
      ...(i.onBehalf ? { onBehalf: { recordedBy: i.onBehalf.recordedBy, channel: i.onBehalf.channel } } : {}),
    })),
    ...(s.status === 'scheduled' && !consentAllows ? { consentWithdrawn: true } : {}),
  };
}

export interface RsvpInfo {
  action: RsvpAction;
  meeting: { start: string; end: string; location: string; status: string };
  answered?: string;
  /** Who else is invited, when the consent shares the care team with this invitee. */
  team?: Array<{ kind: string; role?: string; displayName?: string }>;
  /** How to reach the person, when the consent shares their contact details with this invitee. */
  person?: { displayName: string; phone?: string; email?: string };
}

/** Where a coordinator asks the meeting to be: a room of the case's bassin, or a call, or the person's home. */
export interface MeetingLocationInput {
  kind: MeetingLocation['kind'];
  roomId?: string;
  label?: string;
}
