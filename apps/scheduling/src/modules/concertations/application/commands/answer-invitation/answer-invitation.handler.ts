import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RsvpAction } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import type { InvitationAnswer } from '../../../domain/concertation.aggregate.js';
import { AnswerLinks } from '../../answer-links.js';
import { ConcertationStore } from '../../concertation-store.js';
import { AnswerInvitationCommand } from './answer-invitation.command.js';

const ACTION_TO_ANSWER: Record<Exclude<RsvpAction, 'poll'>, InvitationAnswer> = {
  accept: 'accepted',
  decline: 'declined',
  'written-input': 'written-input',
};

@CommandHandler(AnswerInvitationCommand)
export class AnswerInvitationHandler implements ICommandHandler<AnswerInvitationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly links: AnswerLinks,
    private readonly team: CareTeam,
    private readonly store: ConcertationStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ token, writtenInput }: AnswerInvitationCommand) {
    const now = this.clock.now();
    return this.uow.run(async () => {
      const { meeting, claims } = await this.links.verify(token, { forUpdate: true });
      const answer = ACTION_TO_ANSWER[claims.action as Exclude<RsvpAction, 'poll'>];
      if (answer === 'written-input' && !writtenInput?.trim()) {
        throw new AppException('WRITTEN_INPUT_REQUIRED', 'invalid', 'Please write your input.', {
          field: 'writtenInput',
        });
      }
      const outcome = meeting.answer(claims.invitationId, claims.meetingSequence, answer, writtenInput?.trim(), now);
      if (outcome !== 'recorded') {
        throw new AppException(
          'LINK_NO_LONGER_VALID',
          'conflict',
          'The meeting has changed: please use the link in your latest invitation.',
        );
      }
      const team = await this.team.list(meeting.snapshot.caseId);
      await this.store.save(meeting, `invitee:${claims.invitationId}`, team);
      return { answer, sequence: meeting.snapshot.sequence };
    });
  }
}
