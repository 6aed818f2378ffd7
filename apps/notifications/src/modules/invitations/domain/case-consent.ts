/** The case's consent as the notifications service last heard it (consent.changed): ids and a status only. */
export interface CaseConsent {
  caseId: string;
  status: 'granted' | 'refused' | 'revoked' | 'emergency-exception';
  /** The participants (besides the person) the consent covers; absent when the event did not say (older producers). */
  participantIds?: string[];
  changedAt: Date;
}

/** Who a message is for, as far as the notifications service knows. */
export interface Addressee {
  participantId?: string;
  participantKind?: string;
}

/** The reason recorded on a message stopped because the consent no longer covers its addressee. */
export const CONSENT_WITHDRAWN = 'consent-withdrawn';

/**
 * Whether a message about the case may still leave for this addressee. Nothing heard yet means
 * scheduling's gate is the only word (it refuses to schedule without consent, and the consent's
 * first event may come after the meeting's on another partition). Once heard: nothing leaves
 * unless the consent allows a concertation; then the person always, others only when named.
 */
export function consentCovers(consent: CaseConsent | undefined, to: Addressee): boolean {
  if (!consent) {
    return true;
  }
  if (consent.status !== 'granted' && consent.status !== 'emergency-exception') {
    return false;
  }
  if (to.participantKind === 'person' || !consent.participantIds || !to.participantId) {
    return true;
  }
  return consent.participantIds.includes(to.participantId);
}

/** The case consents. Writes join the ambient transaction. */
export abstract class CaseConsentRepository {
  /** `lock` holds the row until the transaction ends (a delivery's last check against a concurrent withdrawal). */
  abstract find(caseId: string, options?: { lock?: boolean }): Promise<CaseConsent | undefined>;
  /** Records the consent unless a later change is already recorded; false when it was older. */
  abstract record(consent: CaseConsent, at: Date): Promise<boolean>;
}
