import type { AlertType, BassinId, RoutingReason, Urgency } from '#concerto/contracts';

export interface AlertRecord {
  alertId: string;
  caseId: string;
  personRef: string;
  reporterId: string;
  type: AlertType;
  requestedUrgency: Urgency;
  urgency: Urgency;
  reason?: string;
  deadline?: Date;
  bassinId: BassinId;
  routingReason: RoutingReason;
  openedCase: boolean;
  raisedAt: Date;
}

/** Port: the alerts raised (ambient transaction). */
export abstract class AlertRepository {
  abstract add(alert: AlertRecord): Promise<void>;
  abstract find(alertId: string): Promise<AlertRecord | undefined>;
}
