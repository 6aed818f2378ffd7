import { Command } from '@nestjs/cqrs';

/** A record planned the case's next review (a concertation or a check-in by the referent) on a Brussels day. */
export class PlanCaseReviewCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly recordId: string,
    readonly kind: string,
    readonly reviewOn: string,
    readonly recordedAt: Date,
  ) {
    super();
  }
}
