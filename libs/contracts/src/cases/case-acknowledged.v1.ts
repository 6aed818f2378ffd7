import { actorId, dateTime, uuid } from '../common-schemas.js';

export interface CaseAcknowledgedV1 {
  caseId: string;
  acknowledgedBy: string;
  escalationLevel: number;
  /** The signals this acknowledgement covers (absent from events written before signals existed). */
  signalIds?: string[];
  /** Who raised the signals covered: each is told, status only, that the case is owned. */
  reporterIds?: string[];
  acknowledgedAt: string;
}

export const caseAcknowledgedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.acknowledged/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'acknowledgedBy', 'escalationLevel', 'acknowledgedAt'],
  properties: {
    caseId: uuid,
    acknowledgedBy: actorId,
    escalationLevel: { type: 'integer', minimum: 0, maximum: 2 },
    signalIds: { type: 'array', items: uuid },
    reporterIds: { type: 'array', items: actorId },
    acknowledgedAt: dateTime,
  },
} as const;
