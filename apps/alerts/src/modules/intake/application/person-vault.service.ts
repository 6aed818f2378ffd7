import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { IdentityVerificationOutcome, PersonIdentity, PersonIdentityApi } from '#concerto/contracts';
import { VerifyPersonCommand } from './commands/verify-person/verify-person.command.js';
import { PersonRepository } from './ports/person.repository.js';

/**
 * The identity vault: resolves a pseudonymous personRef into a person's identity for an
 * authorised reader. The caller audits the access; the national number itself never leaves.
 */
@Injectable()
export class PersonVaultService implements PersonIdentityApi {
  constructor(
    private readonly persons: PersonRepository,
    private readonly commands: CommandBus,
  ) {}

  identify(personRef: string): Promise<PersonIdentity | undefined> {
    return this.persons.identify(personRef);
  }

  verify(personRef: string, nationalNumber: string): Promise<IdentityVerificationOutcome> {
    return this.commands.execute(new VerifyPersonCommand(personRef, nationalNumber));
  }
}
