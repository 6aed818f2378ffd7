import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DurableTimers } from '#concerto/timers';
import { REVIEW_TIMER } from '../../../../../scheduling.tokens.js';
import { ActionItemRepository } from '../../../domain/follow-up.repository.js';
import { FollowUpStore } from '../../follow-up-store.js';
import { WithdrawCaseActionItemsCommand } from './withdraw-case-action-items.command.js';

/** Runs in the consumer's transaction: items, their timers' cancellation and the inbox entry commit together. */
@CommandHandler(WithdrawCaseActionItemsCommand)
export class WithdrawCaseActionItemsHandler implements ICommandHandler<WithdrawCaseActionItemsCommand> {
  constructor(
    private readonly items: ActionItemRepository,
    private readonly store: FollowUpStore,
    private readonly timers: DurableTimers,
  ) {}

  async execute({ caseId, closedBy, closedAt }: WithdrawCaseActionItemsCommand): Promise<number> {
    // No review is prepared for a closed case.
    await this.timers.cancel(caseId, REVIEW_TIMER);
    let withdrawn = 0;
    for (const listed of await this.items.listByCase(caseId)) {
      const item = listed.active ? await this.items.find(listed.id, { forUpdate: true }) : undefined;
      if (item?.active) {
        item.withdraw(closedBy, closedAt);
        await this.store.saveItem(item);
        withdrawn += 1;
      }
    }
    return withdrawn;
  }
}
