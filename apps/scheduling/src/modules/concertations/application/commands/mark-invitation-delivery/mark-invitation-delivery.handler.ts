import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '#concerto/messaging';
import { ConcertationRepository } from '../../../domain/concertation.repository.js';
import { MarkInvitationDeliveryCommand } from './mark-invitation-delivery.command.js';

@CommandHandler(MarkInvitationDeliveryCommand)
export class MarkInvitationDeliveryHandler implements ICommandHandler<MarkInvitationDeliveryCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly concertations: ConcertationRepository,
  ) {}

  execute({ invitationId, status }: MarkInvitationDeliveryCommand): Promise<void> {
    return this.uow.run(async () => {
      const meeting = await this.concertations.findByInvitation(invitationId, { forUpdate: true });
      if (meeting) {
        meeting.markDelivery(invitationId, status);
        await this.concertations.save(meeting);
      }
    });
  }
}
