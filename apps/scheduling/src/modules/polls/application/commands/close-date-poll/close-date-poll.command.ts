import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { DatePollView } from '../../date-poll.view.js';

/** A coordinator closes the poll now; the best date becomes the concertation (the closing date does it automatically). */
export class CloseDatePollCommand extends Command<(DatePollView & { concertationId?: string | null }) | undefined> {
  constructor(
    readonly pollId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
