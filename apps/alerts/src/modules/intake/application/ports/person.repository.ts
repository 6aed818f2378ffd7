import type { PersonIdentity } from '#concerto/contracts';

/** A keyed hash of one correlation key (never the plain material). */
export interface PersonKey {
  hash: string;
  strength: string;
}

/** A keyed hash of one blocking key: brings possible matches together, never joins. */
export interface PersonBlockingKey {
  hash: string;
  kind: string;
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
  /**
   * Holds, until the transaction ends, a lock per key hash: two alerts about one person that arrive
   * together (or are retried together after an outage) resolve one after the other, so the second
   * finds the person the first recorded instead of recording it a second time.
   */
  abstract lockKeys(hashes: string[]): Promise<void>;
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
  abstract addBlockingKeys(personRef: string, keys: PersonBlockingKey[]): Promise<void>;
  /** The persons sharing at least one of these blocking keys, with the kinds they share. */
  abstract findByBlockingKeys(hashes: string[]): Promise<{ personRef: string; kinds: string[] }[]>;
  /** The person of a key, if any (to refuse a national number already tied to another person). */
  abstract keyOwner(hash: string): Promise<string | undefined>;
  /** Stores a verified national number (encrypted) on the person (R29). */
  abstract recordNationalNumber(personRef: string, digits: string): Promise<void>;
}
