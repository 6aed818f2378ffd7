import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ConcertationStore } from '../../concertation-store.js';
import { toConcertationView } from '../../concertation.view.js';
import { CoordinatedConcertations } from '../../coordinated-concertations.js';
import { CancelConcertationCommand } from './cancel-concertation.command.js';

@CommandHandler(CancelConcertationCommand)
export class CancelConcertationHandler implements ICommandHandler<CancelConcertationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly coordinated: CoordinatedConcertations,
    private readonly team: CareTeam,
    private readonly store: ConcertationStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ concertationId, principal }: CancelConcertationCommand) {
    const now = this.clock.now();
    return this.uow.run(async () => {
      const { meeting, view } = await this.coordinated.load(concertationId, principal, 'cancel-concertation');
      meeting.cancel(now);
      const team = await this.team.list(view.caseId);
      await this.store.save(meeting, principal.userId, team);
      return toConcertationView(meeting.snapshot, team);
    });
  }
}
