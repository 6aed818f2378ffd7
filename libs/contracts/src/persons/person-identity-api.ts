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

export interface PersonIdentityApi {
  identify(personRef: string): Promise<PersonIdentity | undefined>;
}

export const PERSON_IDENTITY_API = Symbol('PERSON_IDENTITY_API');
