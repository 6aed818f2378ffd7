import { Command } from '@nestjs/cqrs';
import type { InvitationAnswer } from '../../../domain/concertation.aggregate.js';

/** An invitee confirms the answer of their signed link (accept, decline, or written input). */
export class AnswerInvitationCommand extends Command<{ answer: InvitationAnswer; sequence: number }> {
  constructor(
    readonly token: string,
    readonly writtenInput: string | undefined,
  ) {
    super();
  }
}
