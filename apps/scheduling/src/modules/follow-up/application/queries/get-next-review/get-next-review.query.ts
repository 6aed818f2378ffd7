import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface NextReviewView {
  caseId: string;
  planned: boolean;
  reviewOn?: string;
  kind?: 'concertation' | 'check-in';
  /** When the engine prepares it (slots proposed, or the referent's check-in task). */
  preparedFrom?: string;
  status?: 'pending' | 'slots-proposed' | 'no-slot' | 'check-in-task' | 'no-referent';
  slots?: Array<{ start: string; end: string; localStart: string; localEnd: string; missingRequired: number }>;
  actionItemId?: string;
}

/** The case's next review as its coordinator sees it: "review due: proposed slots …", or the check-in task. */
export class GetNextReviewQuery extends Query<NextReviewView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
