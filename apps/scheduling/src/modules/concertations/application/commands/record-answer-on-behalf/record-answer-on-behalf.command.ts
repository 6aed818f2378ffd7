import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConcertationView } from '../../concertation.view.js';
import type { InvitationAnswer, OnBehalfChannel } from '../../../domain/concertation.aggregate.js';

/** A coordinator records the answer an invitee gave by phone, by letter or in person (R15). */
export class RecordAnswerOnBehalfCommand extends Command<ConcertationView> {
  constructor(
    readonly concertationId: string,
    readonly invitationId: string,
    readonly principal: Principal,
    readonly answer: InvitationAnswer,
    readonly channel: OnBehalfChannel,
    readonly writtenInput: string | undefined,
  ) {
    super();
  }
}
