import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { MeetingLocationInput } from '../../../../concertations/application/concertation.view.js';
import type { DatePollView } from '../../date-poll.view.js';

export interface OpenDatePollInput {
  options: Array<{ start: string; end: string }>;
  closesAt: string;
  location: MeetingLocationInput;
}

/** A date poll for invitees whose availability is unknown: yes / if need be / no per date, through a link. */
export class OpenDatePollCommand extends Command<DatePollView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly input: OpenDatePollInput,
  ) {
    super();
  }
}
