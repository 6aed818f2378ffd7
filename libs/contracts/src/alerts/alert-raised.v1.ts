import { ALERT_TYPES, actorId, alertType, bassinId, dateTime, urgency, uuid } from '../common-schemas.js';

export type AlertType = (typeof ALERT_TYPES)[number];
export { ALERT_TYPES };
export type Urgency = 'urgent' | 'normal';
export type BassinId = 'nord' | 'nord-est' | 'centre-ouest' | 'sud' | 'sud-est';
export type RoutingReason = 'postal-code' | 'ambiguous-postal-code' | 'outside-brussels' | 'no-fixed-address';

/** An alert was accepted. `opensCase` tells the cases service to open `caseId` rather than join it. */
export interface AlertRaisedV1 {
  alertId: string;
  caseId: string;
  opensCase: boolean;
  personRef: string;
  type: AlertType;
  urgency: Urgency;
  bassinId: BassinId;
  routingReason: RoutingReason;
  bassinNeedsConfirmation: boolean;
  reporterId: string;
  escalationChain: { coordinatorId: string; backupId: string; leadId: string };
  deadline?: string;
  /** The kind of `deadline` (checked against the reporter's entitlement at intake). */
  deadlineKind?: 'discharge' | 'release' | 'administrative' | 'hearing' | 'other';
  /** The person has no fixed address (the postal code, if any, is a last known area). */
  noFixedAddress?: boolean;
  raisedAt: string;
}

export const alertRaisedV1Schema = {
  $id: 'https://concerto.brussels/schemas/alert.raised/v1.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'alertId',
    'caseId',
    'opensCase',
    'personRef',
    'type',
    'urgency',
    'bassinId',
    'routingReason',
    'bassinNeedsConfirmation',
    'reporterId',
    'escalationChain',
    'raisedAt',
  ],
  properties: {
    alertId: uuid,
    caseId: uuid,
    opensCase: { type: 'boolean' },
    personRef: uuid,
    type: alertType,
    urgency,
    bassinId,
    routingReason: { enum: ['postal-code', 'ambiguous-postal-code', 'outside-brussels', 'no-fixed-address'] },
    bassinNeedsConfirmation: { type: 'boolean' },
    reporterId: actorId,
    escalationChain: {
      type: 'object',
      additionalProperties: false,
      required: ['coordinatorId', 'backupId', 'leadId'],
      properties: { coordinatorId: actorId, backupId: actorId, leadId: actorId },
    },
    deadline: dateTime,
    deadlineKind: { enum: ['discharge', 'release', 'administrative', 'hearing', 'other'] },
    noFixedAddress: { type: 'boolean' },
    raisedAt: dateTime,
  },
} as const;
