import { Command } from '@nestjs/cqrs';

/** What notifications reported for one message of an invitation; runs in the consumer's transaction. */
export class MarkInvitationDeliveryCommand extends Command<void> {
  constructor(
    readonly invitationId: string,
    readonly status: 'sent' | 'delivered' | 'failed',
  ) {
    super();
  }
}
