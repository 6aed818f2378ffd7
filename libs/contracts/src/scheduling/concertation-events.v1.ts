import { actorId, bassinId, dateTime, uuid } from '../common-schemas.js';

const channel = { enum: ['email', 'sms', 'phone-call', 'letter'] } as const;
const participantKind = {
  enum: ['person', 'legal-representative', 'professional', 'relative', 'neighbour', 'volunteer', 'trusted-person'],
} as const;
const invitationRef = {
  type: 'object',
  additionalProperties: false,
  required: ['invitationId', 'participantId', 'required', 'channels'],
  properties: {
    invitationId: uuid,
    participantId: uuid,
    required: { type: 'boolean' },
    channels: { type: 'array', minItems: 1, maxItems: 4, items: channel },
    participantKind,
    // As the care team records it (1 to 64 characters): a directory id.
    professionalId: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;
const locationKind = { enum: ['room', 'video', 'phone', 'home'] } as const;

export type DeliveryChannel = 'email' | 'sms' | 'phone-call' | 'letter';
export type ParticipantKindV1 =
  'person' | 'legal-representative' | 'professional' | 'relative' | 'neighbour' | 'volunteer' | 'trusted-person';

/**
 * One invitation as events carry it: ids and enums only. Names and contact data never travel in
 * an event; notifications reads them per message through the delivery card.
 */
export interface InvitationRefV1 {
  invitationId: string;
  participantId: string;
  required: boolean;
  channels: DeliveryChannel[];
  /** Who the invitee is (the register of the messages, the no-answer chain). Absent in events produced before it was added. */
  participantKind?: ParticipantKindV1;
  /** Directory id of a professional invitee (their colleagues are the candidate substitutes). */
  professionalId?: string;
}

/** A concertation was fixed (directly, or by closing a date poll); invitations must go out. */
export interface ConcertationScheduledV1 {
  concertationId: string;
  caseId: string;
  sequence: number;
  start: string;
  end: string;
  locationKind: 'room' | 'video' | 'phone' | 'home';
  invitations: InvitationRefV1[];
  /** The case's bassin (whose coordinators see the invitations' tasks). Absent in events produced before it was added. */
  bassinId?: string;
  scheduledBy: string;
  scheduledAt: string;
}

export interface ConcertationRescheduledV1 extends Omit<ConcertationScheduledV1, 'scheduledBy' | 'scheduledAt'> {
  previousStart: string;
  rescheduledBy: string;
  rescheduledAt: string;
}

export interface ConcertationCancelledV1 {
  concertationId: string;
  caseId: string;
  sequence: number;
  invitations: InvitationRefV1[];
  cancelledBy: string;
  cancelledAt: string;
}

/** A date poll was opened for participants whose availability is unknown. */
export interface ConcertationProposedV1 {
  pollId: string;
  caseId: string;
  optionCount: number;
  closesAt: string;
  invitations: InvitationRefV1[];
  proposedBy: string;
  proposedAt: string;
}

export interface InvitationAnsweredV1 {
  invitationId: string;
  concertationId: string;
  caseId: string;
  sequence: number;
  answer: 'accepted' | 'declined' | 'written-input';
  answeredAt: string;
  /** Present when a coordinator recorded the answer for the invitee (R15): their user id and how the answer came. */
  onBehalf?: { recordedBy: string; channel: 'phone' | 'letter' | 'in-person' };
}

export interface ConsentChangedV1 {
  caseId: string;
  status: 'granted' | 'refused' | 'revoked' | 'emergency-exception';
  flagged: boolean;
  recordedBy: string;
  changedAt: string;
  /**
   * The care-team participants (ids) the consent now covers, besides the person: a message for
   * anyone else must not leave any more. Empty when the consent allows no concertation.
   */
  participantIds?: string[];
}

const scheduledProps = {
  concertationId: uuid,
  caseId: uuid,
  sequence: { type: 'integer', minimum: 0 },
  start: dateTime,
  end: dateTime,
  locationKind,
  invitations: { type: 'array', maxItems: 50, items: invitationRef },
  bassinId,
} as const;

export const concertationScheduledV1Schema = {
  $id: 'https://concerto.brussels/schemas/concertation.scheduled/v1.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'concertationId',
    'caseId',
    'sequence',
    'start',
    'end',
    'locationKind',
    'invitations',
    'scheduledBy',
    'scheduledAt',
  ],
  properties: { ...scheduledProps, scheduledBy: actorId, scheduledAt: dateTime },
} as const;

export const concertationRescheduledV1Schema = {
  $id: 'https://concerto.brussels/schemas/concertation.rescheduled/v1.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'concertationId',
    'caseId',
    'sequence',
    'start',
    'end',
    'locationKind',
    'invitations',
    'previousStart',
    'rescheduledBy',
    'rescheduledAt',
  ],
  properties: { ...scheduledProps, previousStart: dateTime, rescheduledBy: actorId, rescheduledAt: dateTime },
} as const;

export const concertationCancelledV1Schema = {
  $id: 'https://concerto.brussels/schemas/concertation.cancelled/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['concertationId', 'caseId', 'sequence', 'invitations', 'cancelledBy', 'cancelledAt'],
  properties: {
    concertationId: uuid,
    caseId: uuid,
    sequence: { type: 'integer', minimum: 0 },
    invitations: { type: 'array', maxItems: 50, items: invitationRef },
    cancelledBy: actorId,
    cancelledAt: dateTime,
  },
} as const;

export const concertationProposedV1Schema = {
  $id: 'https://concerto.brussels/schemas/concertation.proposed/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['pollId', 'caseId', 'optionCount', 'closesAt', 'invitations', 'proposedBy', 'proposedAt'],
  properties: {
    pollId: uuid,
    caseId: uuid,
    optionCount: { type: 'integer', minimum: 1, maximum: 20 },
    closesAt: dateTime,
    invitations: { type: 'array', maxItems: 50, items: invitationRef },
    proposedBy: actorId,
    proposedAt: dateTime,
  },
} as const;

export const invitationAnsweredV1Schema = {
  $id: 'https://concerto.brussels/schemas/invitation.answered/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['invitationId', 'concertationId', 'caseId', 'sequence', 'answer', 'answeredAt'],
  properties: {
    invitationId: uuid,
    concertationId: uuid,
    caseId: uuid,
    sequence: { type: 'integer', minimum: 0 },
    answer: { enum: ['accepted', 'declined', 'written-input'] },
    answeredAt: dateTime,
    onBehalf: {
      description:
        'A coordinator recorded the answer for the invitee (R15), who reached them by phone, letter or in person.',
      type: 'object',
      additionalProperties: false,
      required: ['recordedBy', 'channel'],
      properties: {
        recordedBy: { type: 'string', minLength: 1, maxLength: 64 },
        channel: { enum: ['phone', 'letter', 'in-person'] },
      },
    },
  },
} as const;

export const consentChangedV1Schema = {
  $id: 'https://concerto.brussels/schemas/consent.changed/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'status', 'flagged', 'recordedBy', 'changedAt'],
  properties: {
    caseId: uuid,
    status: { enum: ['granted', 'refused', 'revoked', 'emergency-exception'] },
    flagged: { type: 'boolean' },
    recordedBy: actorId,
    changedAt: dateTime,
    participantIds: {
      description:
        'The care-team participants (ids) the consent now covers besides the person; empty when it allows no concertation. The notifications service stops every message for anyone else.',
      type: 'array',
      maxItems: 200,
      items: uuid,
    },
  },
} as const;
