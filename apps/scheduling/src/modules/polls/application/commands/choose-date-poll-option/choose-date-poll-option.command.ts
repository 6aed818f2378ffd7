import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { DatePollView } from '../../date-poll.view.js';

/** A coordinator picks the winning date of a poll; it becomes the concertation through the usual scheduler. */
export class ChooseDatePollOptionCommand extends Command<DatePollView & { concertationId: string }> {
  constructor(
    readonly pollId: string,
    readonly principal: Principal,
    readonly option: number,
  ) {
    super();
  }
}
