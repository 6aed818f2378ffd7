import { actorId, dateTime, uuid } from '../common-schemas.js';

export interface CaseAcknowledgedV1 {
  caseId: string;
  acknowledgedBy: string;
  escalationLevel: number;
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
    acknowledgedAt: dateTime,
  },
} as const;
