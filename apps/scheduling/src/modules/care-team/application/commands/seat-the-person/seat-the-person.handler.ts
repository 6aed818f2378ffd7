import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '#concerto/messaging';
import { CareTeamService } from '../../care-team.service.js';
import { SeatThePersonCommand } from './seat-the-person.command.js';

@CommandHandler(SeatThePersonCommand)
export class SeatThePersonHandler implements ICommandHandler<SeatThePersonCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly team: CareTeamService,
  ) {}

  execute({ caseId, identity }: SeatThePersonCommand): Promise<void> {
    return this.uow.run(() => this.team.addThePerson(this.uow.transaction.requireManager(), caseId, identity));
  }
}
