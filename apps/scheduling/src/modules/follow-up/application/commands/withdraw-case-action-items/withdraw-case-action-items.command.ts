import { Command } from '@nestjs/cqrs';

/**
 * The case closed (a coordinator chose to leave items open, with a reason): its open items are
 * withdrawn, so no reminder or escalation outlives the case.
 */
export class WithdrawCaseActionItemsCommand extends Command<number> {
  constructor(
    readonly caseId: string,
    readonly closedBy: string,
    readonly closedAt: Date,
  ) {
    super();
  }
}
