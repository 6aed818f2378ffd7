import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { DatePollRepository } from '../../date-poll.repository.js';
import { PollLinks } from '../../poll-links.js';
import { AnswerDatePollCommand } from './answer-date-poll.command.js';

@CommandHandler(AnswerDatePollCommand)
export class AnswerDatePollHandler implements ICommandHandler<AnswerDatePollCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly links: PollLinks,
    private readonly polls: DatePollRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ token, answers }: AnswerDatePollCommand) {
    return this.uow.run(async () => {
      const { record, invitationId } = await this.links.verify(token, { forUpdate: true });
      record.poll.answer(invitationId, answers, this.clock.now());
      await this.polls.saveAnswers(record.poll);
      return { recorded: answers.length };
    });
  }
}
