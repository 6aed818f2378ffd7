import { type AlertType, type BassinId, type Urgency } from '../alerts/alert-raised.v1.js';
import { actorId, alertType, bassinId, dateTime, urgency, uuid } from '../common-schemas.js';

export interface CaseOpenedV1 {
  caseId: string;
  personRef: string;
  bassinId: BassinId;
  bassinNeedsConfirmation: boolean;
  type: AlertType;
  urgency: Urgency;
  ownerId: string;
  openedByAlertId: string;
  acknowledgeBy: string;
  deadline?: string;
  /** The person's closed case this one follows: a new alert after a case closed opens a new, linked case. */
  previousCaseId?: string;
  openedAt: string;
}

export const caseOpenedV1Schema = {
  $id: 'https://concerto.brussels/schemas/case.opened/v1.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'caseId',
    'personRef',
    'bassinId',
    'bassinNeedsConfirmation',
    'type',
    'urgency',
    'ownerId',
    'openedByAlertId',
    'acknowledgeBy',
    'openedAt',
  ],
  properties: {
    caseId: uuid,
    personRef: uuid,
    bassinId,
    bassinNeedsConfirmation: { type: 'boolean' },
    type: alertType,
    urgency,
    ownerId: actorId,
    openedByAlertId: uuid,
    acknowledgeBy: dateTime,
    deadline: dateTime,
    previousCaseId: uuid,
    openedAt: dateTime,
  },
} as const;
