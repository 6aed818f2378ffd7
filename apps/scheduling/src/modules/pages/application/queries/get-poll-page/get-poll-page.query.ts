import { Query } from '@nestjs/cqrs';
import type { PollLinkView } from '../../../../polls/application/queries/get-poll-link/get-poll-link.query.js';

export interface PollPage {
  language: string;
  poll: PollLinkView;
  organizer: { name?: string; phone?: string };
}

/** What the date poll's page shows (opening it records nothing). */
export class GetPollPageQuery extends Query<PollPage> {
  constructor(readonly token: string) {
    super();
  }
}
