import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '#concerto/messaging';
import { primaryChannel } from '../../../domain/invitation-planning.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { InviteToDatePollCommand } from './invite-to-date-poll.command.js';

@CommandHandler(InviteToDatePollCommand)
export class InviteToDatePollHandler implements ICommandHandler<InviteToDatePollCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: DeliveryLedger,
  ) {}

  execute({ poll }: InviteToDatePollCommand): Promise<void> {
    return this.uow.run(async () => {
      for (const inv of poll.invitations) {
        await this.ledger.queue({
          invitationId: inv.invitationId,
          concertationId: poll.pollId,
          caseId: poll.caseId,
          sequence: 0,
          kind: 'poll-invitation',
          channel: primaryChannel(inv.channels),
        });
      }
    });
  }
}
