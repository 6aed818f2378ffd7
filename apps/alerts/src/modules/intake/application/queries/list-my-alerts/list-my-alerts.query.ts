import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface MyAlertView {
  alertId: string;
  raisedAt: string;
  status: string;
  owner: { id: string; displayName?: string };
  bassinId: string;
}

/** "My alerts" of the red button: each alert's status and owner, nothing more. */
export class ListMyAlertsQuery extends Query<{ items: MyAlertView[] }> {
  constructor(
    readonly principal: Principal,
    readonly limit: number,
  ) {
    super();
  }
}
