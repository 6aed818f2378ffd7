import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConcertationView } from '../../concertation.view.js';
import type { ScheduleConcertationInput } from '../schedule-concertation/schedule-concertation.command.js';

/** Moves the meeting: updated invitations with a higher sequence; earlier answers must be given again. */
export class RescheduleConcertationCommand extends Command<ConcertationView> {
  constructor(
    readonly concertationId: string,
    readonly principal: Principal,
    readonly input: ScheduleConcertationInput,
  ) {
    super();
  }
}
