import { createHmac } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { IdentityVerificationOutcome } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { PSEUDONYM_SECRET } from '../../../../../alerts.tokens.js';
import { NationalNumber } from '../../../domain/national-number.value-object.js';
import { nationalNumberKey } from '../../../domain/person-correlation.js';
import { PersonRepository } from '../../ports/person.repository.js';
import { VerifyPersonCommand } from './verify-person.command.js';

/**
 * The number goes into the vault encrypted and its keyed hash becomes one of the person's keys,
 * so a later alert giving it joins this person. A number already tied to another person is
 * refused: two persons then need a coordinator's merge, not a silent re-keying.
 */
@CommandHandler(VerifyPersonCommand)
export class VerifyPersonHandler implements ICommandHandler<VerifyPersonCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly persons: PersonRepository,
    @Inject(PSEUDONYM_SECRET) private readonly secret: string,
  ) {}

  async execute(cmd: VerifyPersonCommand): Promise<IdentityVerificationOutcome> {
    const niss = NationalNumber.parse(cmd.nationalNumber);
    if (!niss) {
      return 'invalid-number';
    }
    const key = nationalNumberKey(niss.digits);
    const hash = createHmac('sha256', this.secret).update(key.material).digest('hex');
    return this.uow.run(async () => {
      if (!(await this.persons.identify(cmd.personRef))) {
        return 'unknown-person';
      }
      const owner = await this.persons.keyOwner(hash);
      if (owner && owner !== cmd.personRef) {
        return 'tied-to-another-person';
      }
      await this.persons.recordNationalNumber(cmd.personRef, niss.digits);
      await this.persons.addKeys(cmd.personRef, [{ hash, strength: key.strength }]);
      return 'verified';
    });
  }
}
