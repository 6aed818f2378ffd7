import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { OnBehalfOf } from '../../../domain/on-behalf-of.js';

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
  /** Who called the hotline: the callback number is shown to the bassin's coordinators only. */
  onBehalfOf?: Partial<OnBehalfOf> & Pick<OnBehalfOf, 'relationship'>;
}

export class GetAlertQuery extends Query<AlertView> {
  constructor(
    readonly alertId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
