import type { Consent, ConsentChange } from './consent.aggregate.js';

/**
 * Port: the consent of each case (not recorded yet is a consent too), and its history: saving a
 * consent appends its new version to an append-only history. Writes join the ambient transaction.
 */
export abstract class ConsentRepository {
  abstract load(caseId: string, options?: { forUpdate?: boolean }): Promise<Consent>;
  abstract save(consent: Consent): Promise<void>;
  /** Every recorded version of the case's consent, oldest first. */
  abstract history(caseId: string): Promise<ConsentChange[]>;
}
