/**
 * The person's identity stays in the alerts service's vault; other services hold only the
 * pseudonymous `personRef` and ask for the identity when an authorised user reads a case.
 */
export interface PersonIdentity {
  personRef: string;
  givenName: string;
  familyName: string;
  birthDate?: string;
  postalCode?: string;
  noFixedAddress: boolean;
  preferredLanguage?: string;
  hasNationalNumber: boolean;
}

/** What tying a pseudonymous person to a national number gave (R29). */
export type IdentityVerificationOutcome = 'verified' | 'invalid-number' | 'unknown-person' | 'tied-to-another-person';

export interface PersonIdentityApi {
  identify(personRef: string): Promise<PersonIdentity | undefined>;
  /**
   * Ties the person to a verified national number (the caller has checked the person's
   * consent): stored encrypted in the vault, its keyed hash added to the person's keys.
   */
  verify(personRef: string, nationalNumber: string): Promise<IdentityVerificationOutcome>;
}

export const PERSON_IDENTITY_API = Symbol('PERSON_IDENTITY_API');
