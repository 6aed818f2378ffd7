import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { FollowUpMessageRepository } from '../../../domain/follow-up-message.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { QueueFollowUpMessagesCommand } from './queue-follow-up-messages.command.js';

/** Runs in the consumer's transaction: the message rows, their deliveries and the inbox entry commit together. */
@CommandHandler(QueueFollowUpMessagesCommand)
export class QueueFollowUpMessagesHandler implements ICommandHandler<QueueFollowUpMessagesCommand> {
  constructor(
    private readonly messages: FollowUpMessageRepository,
    private readonly ledger: DeliveryLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ planned }: QueueFollowUpMessagesCommand): Promise<number> {
    let queued = 0;
    for (const { message, channel } of planned) {
      const recorded = await this.messages.record(message, this.clock.now());
      const sent = await this.ledger.queue({
        invitationId: recorded.message.id,
        concertationId: message.subjectId,
        caseId: message.caseId,
        sequence: 0,
        kind:
          message.trigger === 'record-summary' || message.trigger === 'person-link' ? message.trigger : 'action-item',
        channel,
      });
      queued += sent ? 1 : 0;
    }
    return queued;
  }
}
