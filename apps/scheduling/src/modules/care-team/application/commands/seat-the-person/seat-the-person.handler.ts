import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { messageLanguage } from '../../../domain/care-team.js';
import { CareTeamRepository } from '../../../domain/care-team.repository.js';
import { SeatThePersonCommand } from './seat-the-person.command.js';

@CommandHandler(SeatThePersonCommand)
export class SeatThePersonHandler implements ICommandHandler<SeatThePersonCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly participants: CareTeamRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, identity }: SeatThePersonCommand): Promise<void> {
    const language = identity?.preferredLanguage ?? 'fr';
    return this.uow.run(() =>
      this.participants.seatThePerson(
        {
          id: randomUUID(),
          caseId,
          displayName: identity ? `${identity.givenName} ${identity.familyName}` : 'The person',
          language,
          interpreterNeeded: messageLanguage(language).interpreterNeeded,
        },
        this.clock.now(),
      ),
    );
  }
}
