import { Command } from '@nestjs/cqrs';
import type { PollAnswer } from '../../../domain/date-poll.js';

/** An invitee answers the poll through their signed link: one answer per proposed date. */
export class AnswerDatePollCommand extends Command<{ recorded: number }> {
  constructor(
    readonly token: string,
    readonly answers: PollAnswer[],
  ) {
    super();
  }
}
