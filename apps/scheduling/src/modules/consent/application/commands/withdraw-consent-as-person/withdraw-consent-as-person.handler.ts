import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { ConsentRepository } from '../../../domain/consent.repository.js';
import type { ConsentState } from '../../../domain/consent.aggregate.js';
import { ConsentChanges } from '../../consent-changes.js';
import { WithdrawConsentAsPersonCommand } from './withdraw-consent-as-person.command.js';

@CommandHandler(WithdrawConsentAsPersonCommand)
export class WithdrawConsentAsPersonHandler implements ICommandHandler<WithdrawConsentAsPersonCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly consents: ConsentRepository,
    private readonly changes: ConsentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, withdrawnBy, givenBy }: WithdrawConsentAsPersonCommand): Promise<ConsentState> {
    const now = this.clock.now();
    return this.uow.run(async () => {
      const consent = await this.consents.load(caseId, { forUpdate: true });
      // Nothing to withdraw twice: a second press (or a reload of the form) changes nothing.
      if (consent.snapshot.status === 'revoked') {
        return consent.snapshot;
      }
      consent.revoke(withdrawnBy, now, givenBy);
      await this.changes.save(consent);
      return consent.snapshot;
    });
  }
}
