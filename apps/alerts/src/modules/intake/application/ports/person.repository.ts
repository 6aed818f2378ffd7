import type { PersonIdentity } from '#concerto/contracts';

/** A keyed hash of one correlation key (never the plain material). */
export interface PersonKey {
  hash: string;
  strength: string;
}

export interface NewPerson {
  personRef: string;
  givenName: string;
  familyName: string;
  birthDate?: string;
  /** Digits only. */
  nationalNumber?: string;
  postalCode?: string;
  noFixedAddress: boolean;
  preferredLanguage?: string;
  createdAt: Date;
}

/** Port: the identity vault's persons and their correlation keys (ambient transaction). */
export abstract class PersonRepository {
  abstract findByKey(hash: string): Promise<string | undefined>;
  /** Adds the keys the person does not have yet. */
  abstract addKeys(personRef: string, keys: PersonKey[]): Promise<void>;
  abstract add(person: NewPerson): Promise<void>;
  /** The person's address state from their latest alert: the no-fixed-address flag and the last known postal code. */
  abstract recordAddressState(
    personRef: string,
    noFixedAddress: boolean,
    postalCode: string | undefined,
  ): Promise<void>;
  abstract identify(personRef: string): Promise<PersonIdentity | undefined>;
}
