import { type BassinId, type Urgency } from '../alerts/alert-raised.v1.js';
import { actorId, bassinId, dateTime, urgency, uuid } from '../common-schemas.js';

/**
 * Why a coordinator closed a case: neutral outcomes about the situation, never an attribute held
 * against the person (R25). The free reason stays in the case's timeline, never in an event.
 */
export const CASE_CLOSE_OUTCOMES = [
  'situation-stabilised',
  'handed-over-to-service',
  'person-moved-out-of-region',
  'person-deceased',
  'no-coordination-needed',
  'other',
] as const;
export type CaseCloseOutcome = (typeof CASE_CLOSE_OUTCOMES)[number];

/** A reference bassin (R16): one of the bassins, or none in particular. */
export type ReferenceBassinId = BassinId | 'inter-bassin';
const referenceBassin = { enum: [...bassinId.enum, 'inter-bassin'] } as const;

/** A coordinator closed the case (only ever by hand: no automated rule closes a case, R25). Ids and outcome only. */
export interface CaseClosedV1 {
  caseId: string;
  bassinId: BassinId;
  closedBy: string;
  outcome: CaseCloseOutcome;
  /** Who raised the case's alerts: each is told, status only, that it closed. */
  reporterIds: string[];
  closedAt: string;
}

export const caseClosedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.closed/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'bassinId', 'closedBy', 'outcome', 'reporterIds', 'closedAt'],
  properties: {
    caseId: uuid,
    bassinId,
    closedBy: actorId,
    outcome: { enum: CASE_CLOSE_OUTCOMES },
    reporterIds: { type: 'array', items: actorId },
    closedAt: dateTime,
  },
} as const;

/** A coordinator reopened a closed case. Ids only. */
export interface CaseReopenedV1 {
  caseId: string;
  bassinId: BassinId;
  reopenedBy: string;
  ownerId: string;
  status: 'opened' | 'acknowledged' | 'escalated';
  reopenedAt: string;
}

export const caseReopenedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.reopened/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'bassinId', 'reopenedBy', 'ownerId', 'status', 'reopenedAt'],
  properties: {
    caseId: uuid,
    bassinId,
    reopenedBy: actorId,
    ownerId: actorId,
    status: { enum: ['opened', 'acknowledged', 'escalated'] },
    reopenedAt: dateTime,
  },
} as const;

/**
 * The case moved to another bassin with its whole history (same case id). The receiving bassin's
 * coordinator on duty owns it and must acknowledge the handover signal by `acknowledgeBy`.
 */
export interface CaseTransferredV1 {
  caseId: string;
  fromBassin: BassinId;
  toBassin: BassinId;
  referenceBassin: ReferenceBassinId;
  transferredBy: string;
  previousOwnerId: string;
  ownerId: string;
  /** The handover signal the new owner must acknowledge. */
  signalId: string;
  urgency: Urgency;
  acknowledgeBy: string;
  transferredAt: string;
}

export const caseTransferredV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.transferred/v1.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'caseId',
    'fromBassin',
    'toBassin',
    'referenceBassin',
    'transferredBy',
    'previousOwnerId',
    'ownerId',
    'signalId',
    'urgency',
    'acknowledgeBy',
    'transferredAt',
  ],
  properties: {
    caseId: uuid,
    fromBassin: bassinId,
    toBassin: bassinId,
    referenceBassin,
    transferredBy: actorId,
    previousOwnerId: actorId,
    ownerId: actorId,
    signalId: uuid,
    urgency,
    acknowledgeBy: dateTime,
    transferredAt: dateTime,
  },
} as const;

/** A coordinator confirmed the case's bassin (routed by a fallback) or set its reference bassin (R16). */
export interface CaseBassinConfirmedV1 {
  caseId: string;
  bassinId: BassinId;
  referenceBassin: ReferenceBassinId;
  confirmedBy: string;
  confirmedAt: string;
}

export const caseBassinConfirmedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.bassin-confirmed/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'bassinId', 'referenceBassin', 'confirmedBy', 'confirmedAt'],
  properties: {
    caseId: uuid,
    bassinId,
    referenceBassin,
    confirmedBy: actorId,
    confirmedAt: dateTime,
  },
} as const;
