import { Query } from '@nestjs/cqrs';
import type { PollAnswer } from '../../../domain/date-poll.js';

export interface PollLinkView {
  options: Array<{ start: string; end: string }>;
  closesAt: string;
  answers: PollAnswer[] | null;
  status: 'open' | 'closed';
}

/** What a poll answer link shows: the dates, and the answers already given through it. */
export class GetPollLinkQuery extends Query<PollLinkView> {
  constructor(readonly token: string) {
    super();
  }
}
