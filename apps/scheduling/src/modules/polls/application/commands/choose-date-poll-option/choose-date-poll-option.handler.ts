import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException } from '#concerto/ddd';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { DatePollCloser } from '../close-date-poll/date-poll-closer.js';
import { DatePollRepository } from '../../date-poll.repository.js';
import { ChooseDatePollOptionCommand } from './choose-date-poll-option.command.js';

@CommandHandler(ChooseDatePollOptionCommand)
export class ChooseDatePollOptionHandler implements ICommandHandler<ChooseDatePollOptionCommand> {
  constructor(
    private readonly polls: DatePollRepository,
    private readonly access: CaseAccess,
    private readonly closer: DatePollCloser,
  ) {}

  async execute({ pollId, principal, option }: ChooseDatePollOptionCommand) {
    const record = await this.polls.find(pollId);
    if (!record) {
      throw new AppException('POLL_NOT_FOUND', 'not-found', 'No such poll.');
    }
    await this.access.requireCoordinator(record.poll.snapshot.caseId, principal, 'choose-date-poll-option');
    return this.closer.choose(pollId, option, principal.userId);
  }
}
