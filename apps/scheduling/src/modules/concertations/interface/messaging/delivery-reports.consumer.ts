import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type InvitationDeliveryV1, Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport } from '#concerto/messaging';
import { MarkInvitationDeliveryCommand } from '../../application/commands/mark-invitation-delivery/mark-invitation-delivery.command.js';

export const SCHEDULING_DELIVERY_GROUP = 'scheduling.delivery-status';

/** Follows what happened to the invitations (and their updates) that notifications sent. */
@Injectable()
export class DeliveryReportsConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly commands: CommandBus,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: SCHEDULING_DELIVERY_GROUP,
      topics: [Topic.notificationsDeliveryV1],
      handler: async (message) => {
        await this.consumer.consumeEvents(message, {
          'invitation.sent': (d) => this.mark(d, 'sent'),
          'invitation.delivered': (d) => this.mark(d, 'delivered'),
          'invitation.failed': (d) => this.mark(d, 'failed'),
        });
      },
    });
  }

  /** Reminders, cancellations and poll messages do not change an invitation's delivery status. */
  private async mark(d: InvitationDeliveryV1, status: MarkInvitationDeliveryCommand['status']): Promise<void> {
    if (d.purpose === 'invitation' || d.purpose === 'update') {
      await this.commands.execute(new MarkInvitationDeliveryCommand(d.invitationId, status));
    }
  }
}
