import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConcertationView, MeetingLocationInput } from '../../concertation.view.js';

export interface ScheduleConcertationInput {
  start: string;
  end: string;
  location: MeetingLocationInput;
}

/** A coordinator fixes a concertation: invitations leave only with consent. */
export class ScheduleConcertationCommand extends Command<{ concertation: ConcertationView; warnings: string[] }> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly input: ScheduleConcertationInput,
  ) {
    super();
  }
}
