import type { OnBehalfOf } from '../../domain/on-behalf-of.js';

/** Port: who called the hotline for an alert, kept in the identity vault (ambient transaction). */
export abstract class CallerRepository {
  abstract add(alertId: string, caller: OnBehalfOf): Promise<void>;
  abstract find(alertId: string): Promise<OnBehalfOf | undefined>;
}
