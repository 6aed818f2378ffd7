import { Command } from '@nestjs/cqrs';
import type { ConsentGiver, ConsentState } from '../../../domain/consent.aggregate.js';

/**
 * The person (or their legal representative) withdraws their consent themselves, from their own
 * page: the same withdrawal as a coordinator records, by whoever held the person's signed link.
 */
export class WithdrawConsentAsPersonCommand extends Command<ConsentState> {
  constructor(
    readonly caseId: string,
    /** Who withdrew, as the audit and the consent history name them (e.g. `person-link:<link id>`). */
    readonly withdrawnBy: string,
    readonly givenBy: ConsentGiver,
  ) {
    super();
  }
}
