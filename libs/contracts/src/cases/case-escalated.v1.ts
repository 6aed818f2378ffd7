import { actorId, dateTime, uuid } from '../common-schemas.js';

/** Nobody acknowledged the case in time: ownership moved one step up the bassin's chain. */
export interface CaseEscalatedV1 {
  caseId: string;
  level: 1 | 2;
  escalatedTo: string;
  previousOwnerId: string;
  reason: 'acknowledgement-overdue';
  acknowledgeBy?: string;
  /** The signal whose acknowledgement window ran out. */
  overdueSignalId?: string;
  /** Every unacknowledged signal of the case, now owned by `escalatedTo`. */
  signalIds?: string[];
  escalatedAt: string;
}

export const caseEscalatedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.escalated/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'level', 'escalatedTo', 'previousOwnerId', 'reason', 'escalatedAt'],
  properties: {
    caseId: uuid,
    level: { enum: [1, 2] },
    escalatedTo: actorId,
    previousOwnerId: actorId,
    reason: { const: 'acknowledgement-overdue' },
    acknowledgeBy: dateTime,
    overdueSignalId: uuid,
    signalIds: { type: 'array', items: uuid },
    escalatedAt: dateTime,
  },
} as const;
