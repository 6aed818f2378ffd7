import { actorId, dateTime, uuid } from '../common-schemas.js';

/**
 * A coordinator made the person's own link (/me/…) and asked for it to be sent to its holder
 * (the person, or a close one the consent shares the case's status with). Ids and dates only: the
 * link itself is a bearer credential and never travels in an event; the notifications service
 * reads it from scheduling's card when the message leaves (ADR 0025, amendment).
 */
export interface PersonLinkIssuedV1 {
  personLinkId: string;
  caseId: string;
  participantId: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
}
export const personLinkIssuedV1Schema = {
  $id: 'https://concerto.brussels/schemas/person.link-issued/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['personLinkId', 'caseId', 'participantId', 'issuedBy', 'issuedAt', 'expiresAt'],
  properties: {
    personLinkId: uuid,
    caseId: uuid,
    participantId: uuid,
    issuedBy: actorId,
    issuedAt: dateTime,
    expiresAt: dateTime,
  },
} as const;
