import { type AlertType, type BassinId, type Urgency } from '../alerts/alert-raised.v1.js';
import { actorId, alertType, bassinId, dateTime, urgency, uuid } from '../common-schemas.js';

/**
 * A further alert joined an open case: a new signal (id = the alert's id) that the case's owner
 * must acknowledge by `acknowledgeBy`, or the case escalates. Not emitted for the opening alert
 * (`case.opened` announces it, its signal id is `openedByAlertId`). Ids and statuses only.
 */
export interface CaseSignalReceivedV1 {
  caseId: string;
  signalId: string;
  bassinId: BassinId;
  type: AlertType;
  urgency: Urgency;
  /** The case's urgency after this signal (an urgent signal raises it; nothing lowers it). */
  caseUrgency: Urgency;
  ownerId: string;
  escalationLevel: number;
  acknowledgeBy: string;
  receivedAt: string;
}

export const caseSignalReceivedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.signal-received/v1.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'caseId',
    'signalId',
    'bassinId',
    'type',
    'urgency',
    'caseUrgency',
    'ownerId',
    'escalationLevel',
    'acknowledgeBy',
    'receivedAt',
  ],
  properties: {
    caseId: uuid,
    signalId: uuid,
    bassinId,
    type: alertType,
    urgency,
    caseUrgency: urgency,
    ownerId: actorId,
    escalationLevel: { type: 'integer', minimum: 0, maximum: 2 },
    acknowledgeBy: dateTime,
    receivedAt: dateTime,
  },
} as const;

/** One signal of a case was acknowledged by a named coordinator (one event per signal). */
export interface CaseSignalAcknowledgedV1 {
  caseId: string;
  signalId: string;
  acknowledgedBy: string;
  escalationLevel: number;
  acknowledgedAt: string;
}

export const caseSignalAcknowledgedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.signal-acknowledged/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'signalId', 'acknowledgedBy', 'escalationLevel', 'acknowledgedAt'],
  properties: {
    caseId: uuid,
    signalId: uuid,
    acknowledgedBy: actorId,
    escalationLevel: { type: 'integer', minimum: 0, maximum: 2 },
    acknowledgedAt: dateTime,
  },
} as const;
