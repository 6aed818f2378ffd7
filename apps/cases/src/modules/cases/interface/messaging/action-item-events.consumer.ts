import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport } from '#concerto/messaging';
import { PlanCaseReviewCommand } from '../../application/commands/plan-case-review/plan-case-review.command.js';
import { TrackActionItemCommand } from '../../application/commands/track-action-item/track-action-item.command.js';

export const CASES_ACTION_ITEMS_GROUP = 'cases.action-items';

/** Follows scheduling's records and action items (ids and days only): what is open, when the next review is. */
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
          'concertation.recorded': async (d) => {
            if (d.nextReviewOn) {
              await this.commands.execute(
                new PlanCaseReviewCommand(
                  d.caseId,
                  d.recordId,
                  d.nextReviewKind ?? 'concertation',
                  d.nextReviewOn,
                  new Date(d.recordedAt),
                ),
              );
            }
          },
          'action.resolved': (d) =>
            this.commands.execute(new TrackActionItemCommand(d.itemId, d.caseId, false, new Date(d.resolvedAt))),
        });
      },
    });
  }
}
