import { actorId, dateTime, uuid } from '../common-schemas.js';

export interface CaseAcknowledgedV1 {
  caseId: string;
  acknowledgedBy: string;
  escalationLevel: number;
  /** The signals this acknowledgement covers (absent from events written before signals existed). */
  signalIds?: string[];
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
    acknowledgedAt: dateTime,
  },
} as const;
