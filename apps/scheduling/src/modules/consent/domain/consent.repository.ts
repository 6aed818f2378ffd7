import type { Consent } from './consent.aggregate.js';

/** Port: the consent of each case (not recorded yet is a consent too). Writes join the ambient transaction. */
export abstract class ConsentRepository {
  abstract load(caseId: string, options?: { forUpdate?: boolean }): Promise<Consent>;
  abstract save(consent: Consent): Promise<void>;
}
