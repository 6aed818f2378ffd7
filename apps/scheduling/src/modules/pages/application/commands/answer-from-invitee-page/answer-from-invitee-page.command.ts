import { Command } from '@nestjs/cqrs';
import type { InvitationAnswer } from '../../../../concertations/domain/concertation.aggregate.js';

export type PageChoice = 'accept' | 'decline' | 'written-input';

/**
 * The invitee presses one of the page's buttons. Any of the invitation's three links opens the
 * page (they reach the same person in the same message); the button says which answer it is.
 */
export class AnswerFromInviteePageCommand extends Command<{ answer: InvitationAnswer; sequence: number }> {
  constructor(
    readonly token: string,
    readonly choice: PageChoice,
    readonly writtenInput: string | undefined,
  ) {
    super();
  }
}
