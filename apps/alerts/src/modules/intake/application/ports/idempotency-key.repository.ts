import type { RaiseAlertResult } from '../commands/raise-alert/raise-alert.result.js';

export interface RememberedRequest {
  requestHash: string;
  response: RaiseAlertResult;
}

/** Port: the answer given to each (reporter, Idempotency-Key), so a retry gets the same answer. */
export abstract class IdempotencyKeyRepository {
  abstract find(reporterId: string, key: string): Promise<RememberedRequest | undefined>;
  abstract remember(entry: {
    reporterId: string;
    key: string;
    requestHash: string;
    alertId: string;
    response: RaiseAlertResult;
    createdAt: Date;
  }): Promise<void>;
}
