import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException } from '#concerto/ddd';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { DatePollRepository } from '../../date-poll.repository.js';
import { CloseDatePollCommand } from './close-date-poll.command.js';
import { DatePollCloser } from './date-poll-closer.js';

@CommandHandler(CloseDatePollCommand)
export class CloseDatePollHandler implements ICommandHandler<CloseDatePollCommand> {
  constructor(
    private readonly polls: DatePollRepository,
    private readonly access: CaseAccess,
    private readonly closer: DatePollCloser,
  ) {}

  async execute({ pollId, principal }: CloseDatePollCommand) {
    const record = await this.polls.find(pollId);
    if (!record) {
      throw new AppException('POLL_NOT_FOUND', 'not-found', 'No such poll.');
    }
    await this.access.requireCoordinator(record.poll.snapshot.caseId, principal, 'close-date-poll');
    return this.closer.close(pollId, principal.userId);
  }
}
