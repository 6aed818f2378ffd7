import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface AlertView {
  alertId: string;
  caseId: string;
  type: string;
  urgency: string;
  reason?: string;
  deadline?: string;
  bassinId: string;
  reporterId: string;
  openedCase: boolean;
  raisedAt: string;
}

export class GetAlertQuery extends Query<AlertView> {
  constructor(
    readonly alertId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
