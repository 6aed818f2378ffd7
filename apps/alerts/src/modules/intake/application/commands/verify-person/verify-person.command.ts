import { Command } from '@nestjs/cqrs';
import type { IdentityVerificationOutcome } from '#concerto/contracts';

/** Ties a pseudonymous person to their national number, with the person's consent (R29). */
export class VerifyPersonCommand extends Command<IdentityVerificationOutcome> {
  constructor(
    readonly personRef: string,
    readonly nationalNumber: string,
  ) {
    super();
  }
}
