import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { ActionItemAccess } from '../../action-item-access.js';
import { FollowUpStore } from '../../follow-up-store.js';
import { toActionItemView } from '../../record.view.js';

import { ConfirmReferralReceivedCommand } from './confirm-referral-received.command.js';

@CommandHandler(ConfirmReferralReceivedCommand)
export class ConfirmReferralReceivedHandler implements ICommandHandler<ConfirmReferralReceivedCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ActionItemAccess,
    private readonly store: FollowUpStore,

    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ itemId, principal }: ConfirmReferralReceivedCommand) {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const item = await this.access.load(itemId, principal, 'confirm-referral-received', 'referent');
      item.confirmReceived(principal.userId, now);
      await this.store.saveItem(item);
      return toActionItemView(item);
    });
  }
}
