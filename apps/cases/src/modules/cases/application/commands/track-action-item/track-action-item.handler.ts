import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ActionItemsView } from '../../../domain/action-items-view.js';
import { TrackActionItemCommand } from './track-action-item.command.js';

/** Runs in the consumer's transaction (the inbox entry commits with it). */
@CommandHandler(TrackActionItemCommand)
export class TrackActionItemHandler implements ICommandHandler<TrackActionItemCommand> {
  constructor(private readonly items: ActionItemsView) {}

  async execute({ itemId, caseId, open, at }: TrackActionItemCommand): Promise<void> {
    if (open) {
      await this.items.opened(itemId, caseId, at);
    } else {
      await this.items.resolved(itemId, caseId, at);
    }
  }
}
