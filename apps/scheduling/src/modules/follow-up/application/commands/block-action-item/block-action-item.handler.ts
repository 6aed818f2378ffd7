import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { ActionItemAccess } from '../../action-item-access.js';
import { FollowUpStore } from '../../follow-up-store.js';
import { toActionItemView } from '../../record.view.js';

import { BlockActionItemCommand } from './block-action-item.command.js';

@CommandHandler(BlockActionItemCommand)
export class BlockActionItemHandler implements ICommandHandler<BlockActionItemCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ActionItemAccess,
    private readonly store: FollowUpStore,

    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ itemId, principal, reason }: BlockActionItemCommand) {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const item = await this.access.load(itemId, principal, 'block-action-item', 'owner');
      item.block(reason, principal.userId, now);
      await this.store.saveItem(item);
      return toActionItemView(item);
    });
  }
}
