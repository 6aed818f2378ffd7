import { type AlertType, type Urgency } from '../alerts/alert-raised.v1.js';
import { actorId, alertType, dateTime, urgency, uuid } from '../common-schemas.js';

/** A further alert about the same person joined an open case instead of opening another. */
export interface AlertAttachedV1 {
  caseId: string;
  alertId: string;
  type: AlertType;
  urgency: Urgency;
  reporterId: string;
  caseUrgency: Urgency;
  /** The case's new hard deadline (e.g. a discharge date), when this alert set it or brought it forward. */
  deadline?: string;
  attachedAt: string;
}

export const alertAttachedV1Schema = {
  $id: 'https://concerto.brussels/schemas/alert.attached/v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['caseId', 'alertId', 'type', 'urgency', 'reporterId', 'caseUrgency', 'attachedAt'],
  properties: {
    caseId: uuid,
    alertId: uuid,
    type: alertType,
    urgency,
    reporterId: actorId,
    caseUrgency: urgency,
    deadline: dateTime,
    attachedAt: dateTime,
  },
} as const;
