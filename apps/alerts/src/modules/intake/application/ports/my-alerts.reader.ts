import type { BassinId } from '#concerto/contracts';

/** One alert as its reporter follows it: when, and where its case stands now (never who the person is). */
export interface MyAlertRow {
  alertId: string;
  raisedAt: Date;
  status: string;
  ownerId: string;
  bassinId: BassinId;
}

/** Port: a reporter's own alerts, newest first, each with its case's current status and owner. */
export abstract class MyAlertsReader {
  abstract listByReporter(reporterId: string, limit: number): Promise<MyAlertRow[]>;
}
