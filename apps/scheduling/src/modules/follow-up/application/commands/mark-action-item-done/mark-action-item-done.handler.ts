import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { ActionItemAccess } from '../../action-item-access.js';
import { FollowUpStore } from '../../follow-up-store.js';
import { toActionItemView } from '../../record.view.js';

import { MarkActionItemDoneCommand } from './mark-action-item-done.command.js';

@CommandHandler(MarkActionItemDoneCommand)
export class MarkActionItemDoneHandler implements ICommandHandler<MarkActionItemDoneCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ActionItemAccess,
    private readonly store: FollowUpStore,

    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ itemId, principal }: MarkActionItemDoneCommand) {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const item = await this.access.load(itemId, principal, 'mark-action-item-done', 'owner');
      item.markDone(principal.userId, now);
      await this.store.saveItem(item);
      return toActionItemView(item);
    });
  }
}
