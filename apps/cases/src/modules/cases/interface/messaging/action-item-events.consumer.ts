import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport } from '#concerto/messaging';
import { TrackActionItemCommand } from '../../application/commands/track-action-item/track-action-item.command.js';

export const CASES_ACTION_ITEMS_GROUP = 'cases.action-items';

/** Follows scheduling's action items (ids only): which are still open on each case. */
@Injectable()
export class ActionItemEventsConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly commands: CommandBus,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: CASES_ACTION_ITEMS_GROUP,
      topics: [Topic.schedulingConcertationV1],
      handler: async (message) => {
        await this.consumer.consumeEvents(message, {
          'action.opened': (d) =>
            this.commands.execute(new TrackActionItemCommand(d.itemId, d.caseId, true, new Date(d.openedAt))),
          'action.resolved': (d) =>
            this.commands.execute(new TrackActionItemCommand(d.itemId, d.caseId, false, new Date(d.resolvedAt))),
        });
      },
    });
  }
}
