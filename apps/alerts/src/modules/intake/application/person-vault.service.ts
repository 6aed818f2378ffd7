import { Injectable } from '@nestjs/common';
import type { PersonIdentity, PersonIdentityApi } from '#concerto/contracts';
import { PersonRepository } from './ports/person.repository.js';

/**
 * The identity vault: resolves a pseudonymous personRef into a person's identity for an
 * authorised reader. The caller audits the access; the national number itself never leaves.
 */
@Injectable()
export class PersonVaultService implements PersonIdentityApi {
  constructor(private readonly persons: PersonRepository) {}

  identify(personRef: string): Promise<PersonIdentity | undefined> {
    return this.persons.identify(personRef);
  }
}
