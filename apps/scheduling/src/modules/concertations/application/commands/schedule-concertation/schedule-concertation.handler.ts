import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { MeetingLocations } from '../../meeting-locations.js';
import { ConcertationScheduler } from './concertation-scheduler.js';
import { ScheduleConcertationCommand } from './schedule-concertation.command.js';

@CommandHandler(ScheduleConcertationCommand)
export class ScheduleConcertationHandler implements ICommandHandler<ScheduleConcertationCommand> {
  constructor(
    private readonly access: CaseAccess,
    private readonly locations: MeetingLocations,
    private readonly scheduler: ConcertationScheduler,
  ) {}

  async execute({ caseId, principal, input }: ScheduleConcertationCommand) {
    // Audited before (and whatever) the transaction: a denial is recorded too.
    const view = await this.access.requireCoordinator(caseId, principal, 'schedule-concertation', 'create');
    const location = await this.locations.resolve(view, input.location);
    return this.scheduler.schedule(
      view,
      { start: new Date(input.start), end: new Date(input.end), location },
      principal.userId,
    );
  }
}
