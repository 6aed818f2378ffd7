import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { ConcertationRecordRepository, ReviewProposalRepository } from '../../../domain/follow-up.repository.js';
import { FollowUpStore } from '../../follow-up-store.js';
import { GetNextReviewQuery, type NextReviewView } from './get-next-review.query.js';

@QueryHandler(GetNextReviewQuery)
export class GetNextReviewHandler implements IQueryHandler<GetNextReviewQuery> {
  constructor(
    private readonly access: CaseAccess,
    private readonly records: ConcertationRecordRepository,
    private readonly proposals: ReviewProposalRepository,
    private readonly store: FollowUpStore,
  ) {}

  async execute({ caseId, principal }: GetNextReviewQuery): Promise<NextReviewView> {
    await this.access.requireCoordinator(caseId, principal, 'read-next-review', 'read');
    const latest = (await this.records.listByCase(caseId))
      .filter((r) => r.snapshot.held && r.snapshot.nextReview)
      .at(-1);
    const review = latest?.snapshot.nextReview;
    if (!latest || !review) {
      return { caseId, planned: false };
    }
    const proposal = await this.proposals.find(caseId);
    const current =
      proposal && proposal.recordId === latest.id && proposal.reviewOn === review.on ? proposal : undefined;
    return {
      caseId,
      planned: true,
      reviewOn: review.on,
      kind: review.kind,
      preparedFrom: this.store.reviewPreparedAt(review.on, latest.snapshot.recordedAt).toISOString(),
      status: current?.status ?? 'pending',
      ...(current
        ? {
            slots: current.slots.map((s) => ({ ...s, start: s.start.toISOString(), end: s.end.toISOString() })),
            ...(current.actionItemId ? { actionItemId: current.actionItemId } : {}),
          }
        : {}),
    };
  }
}
