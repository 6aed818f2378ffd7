import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ConcertationStore } from '../../concertation-store.js';
import { toConcertationView } from '../../concertation.view.js';
import { CoordinatedConcertations } from '../../coordinated-concertations.js';
import { Invitees } from '../../invitees.js';
import { MeetingLocations } from '../../meeting-locations.js';
import { RescheduleConcertationCommand } from './reschedule-concertation.command.js';

@CommandHandler(RescheduleConcertationCommand)
export class RescheduleConcertationHandler implements ICommandHandler<RescheduleConcertationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly coordinated: CoordinatedConcertations,
    private readonly locations: MeetingLocations,
    private readonly team: CareTeam,
    private readonly store: ConcertationStore,
    private readonly invitees: Invitees,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ concertationId, principal, input }: RescheduleConcertationCommand) {
    const now = this.clock.now();
    return this.uow.run(async () => {
      const { meeting, view } = await this.coordinated.load(concertationId, principal, 'reschedule-concertation');
      // A new date is a new round of updates to everyone: not once the consent is withdrawn (R05).
      await this.invitees.requireConsent(view.caseId);
      meeting.reschedule(
        new Date(input.start),
        new Date(input.end),
        await this.locations.resolve(view, input.location),
        now,
        view.deadline,
      );
      const team = await this.team.list(view.caseId);
      await this.store.save(meeting, principal.userId, team);
      return toConcertationView(meeting.snapshot, team);
    });
  }
}
