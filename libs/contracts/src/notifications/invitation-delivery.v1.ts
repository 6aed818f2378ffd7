import { dateTime, uuid } from '../common-schemas.js';

/** What happened to one message of an invitation on one channel. */
export interface InvitationDeliveryV1 {
  invitationId: string;
  /** The concertation; for purpose `poll`, the date poll the invitee is asked to answer. */
  concertationId: string;
  caseId: string;
  sequence: number;
  channel: 'email' | 'sms' | 'phone-call' | 'letter';
  purpose: 'invitation' | 'update' | 'cancellation' | 'reminder' | 'no-answer-reminder' | 'poll' | 'written-input-ack';
  reason?: string;
  at: string;
}

const props = {
  invitationId: uuid,
  concertationId: uuid,
  caseId: uuid,
  sequence: { type: 'integer', minimum: 0 },
  channel: { enum: ['email', 'sms', 'phone-call', 'letter'] },
  purpose: {
    enum: ['invitation', 'update', 'cancellation', 'reminder', 'no-answer-reminder', 'poll', 'written-input-ack'],
  },
  reason: { type: 'string', maxLength: 200, pattern: '^[a-z0-9-]+$' },
  at: dateTime,
} as const;
const required = ['invitationId', 'concertationId', 'caseId', 'sequence', 'channel', 'purpose', 'at'];

export const invitationSentV1Schema = {
  $id: 'https://concerto.brussels/schemas/invitation.sent/v1.json',
  type: 'object',
  additionalProperties: false,
  required,
  properties: props,
} as const;
export const invitationDeliveredV1Schema = {
  $id: 'https://concerto.brussels/schemas/invitation.delivered/v1.json',
  type: 'object',
  additionalProperties: false,
  required,
  properties: props,
} as const;
export const invitationFailedV1Schema = {
  $id: 'https://concerto.brussels/schemas/invitation.failed/v1.json',
  type: 'object',
  additionalProperties: false,
  required: [...required, 'reason'],
  properties: props,
} as const;
