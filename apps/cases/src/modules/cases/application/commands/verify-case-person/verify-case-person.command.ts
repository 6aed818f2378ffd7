import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface PersonVerifiedView {
  caseId: string;
  verified: true;
  verifiedAt: string;
}

/** Ties the case's pseudonymous person to a verified national number, with the person's consent (R29). */
export class VerifyCasePersonCommand extends Command<PersonVerifiedView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly nationalNumber: string,
    readonly consentGiven: boolean,
  ) {
    super();
  }
}
