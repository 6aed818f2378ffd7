import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { localToUtc } from '#concerto/ddd';
import { CaseReviews } from '../../../domain/action-items-view.js';
import { PlanCaseReviewCommand } from './plan-case-review.command.js';

/**
 * The review counts as the case's next dated item from the start of its day in Brussels: the
 * worklist orders by it, so the case rises as the date nears (runs in the consumer's transaction).
 */
@CommandHandler(PlanCaseReviewCommand)
export class PlanCaseReviewHandler implements ICommandHandler<PlanCaseReviewCommand> {
  constructor(private readonly reviews: CaseReviews) {}

  async execute({ caseId, recordId, kind, reviewOn, recordedAt }: PlanCaseReviewCommand): Promise<void> {
    const [year, month, day] = reviewOn.split('-').map(Number);
    await this.reviews.planned(caseId, recordId, kind, new Date(localToUtc({ year, month, day }, 0)), recordedAt);
  }
}
