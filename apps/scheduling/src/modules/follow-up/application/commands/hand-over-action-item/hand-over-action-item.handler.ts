import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { ActionItemAccess } from '../../action-item-access.js';
import { FollowUpStore } from '../../follow-up-store.js';
import { toActionItemView } from '../../record.view.js';
import { RecordWriter } from '../../record-writer.js';
import { HandOverActionItemCommand } from './hand-over-action-item.command.js';

@CommandHandler(HandOverActionItemCommand)
export class HandOverActionItemHandler implements ICommandHandler<HandOverActionItemCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ActionItemAccess,
    private readonly store: FollowUpStore,
    private readonly writer: RecordWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ itemId, principal, to }: HandOverActionItemCommand) {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const item = await this.access.load(itemId, principal, 'hand-over-action-item', 'owner');
      item.handOver(
        this.writer.owner(to, await this.writer.team(item.snapshot.caseId), 'owner'),
        principal.userId,
        now,
      );
      await this.store.saveItem(item);
      return toActionItemView(item);
    });
  }
}
