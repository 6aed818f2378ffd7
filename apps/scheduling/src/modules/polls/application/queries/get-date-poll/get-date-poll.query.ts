import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { PollAnswer } from '../../../domain/date-poll.js';
import type { DatePollView } from '../../date-poll.view.js';

export interface DatePollDetail extends DatePollView {
  concertationId: string | null;
  /** Per proposed date: the answers counted, and how many invitees have not answered yet. */
  tally: Array<{ start: string; end: string; yes: number; ifNeedBe: number; no: number; silent: number }>;
  /** Each invitee as the coordinator already sees the care team: name, whether required, their answers. */
  invitees: Array<{ participantId: string; displayName?: string; required: boolean; answers: PollAnswer[] | null }>;
}

/** A date poll read back by its bassin's coordinators, with the answers per date. */
export class GetDatePollQuery extends Query<DatePollDetail> {
  constructor(
    readonly pollId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
