import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';

export interface DatePollSummary {
  id: string;
  status: 'open' | 'closed';
  closesAt: string;
  options: Array<{ start: string; end: string }>;
  invited: number;
  answered: number;
  /** The date that was fixed, if any, and the meeting it became. */
  chosenStart?: string;
  concertationId: string | null;
}

/** A case's date polls, latest first, for its bassin's coordinators. */
export class ListCaseDatePollsQuery extends Query<{ polls: DatePollSummary[] }> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
