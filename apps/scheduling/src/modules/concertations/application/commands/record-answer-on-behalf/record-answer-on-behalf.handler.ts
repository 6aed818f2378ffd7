import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ConcertationStore } from '../../concertation-store.js';
import { toConcertationView } from '../../concertation.view.js';
import { CoordinatedConcertations } from '../../coordinated-concertations.js';
import { Invitees } from '../../invitees.js';
import { RecordAnswerOnBehalfCommand } from './record-answer-on-behalf.command.js';

/**
 * Records the answer for the invitee, like their own answer (same events, the no-answer chain
 * stops), marked "on behalf of" with who recorded it and how they got it. The access is audited
 * with a purpose naming the channel.
 */
@CommandHandler(RecordAnswerOnBehalfCommand)
export class RecordAnswerOnBehalfHandler implements ICommandHandler<RecordAnswerOnBehalfCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly coordinated: CoordinatedConcertations,
    private readonly invitees: Invitees,
    private readonly team: CareTeam,
    private readonly store: ConcertationStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ concertationId, invitationId, principal, answer, channel, writtenInput }: RecordAnswerOnBehalfCommand) {
    const now = this.clock.now();
    return this.uow.run(async () => {
      const { meeting, view } = await this.coordinated.load(
        concertationId,
        principal,
        `record-answer-on-behalf-${channel}`,
      );
      const invitation = meeting.snapshot.invitations.find((i) => i.id === invitationId);
      if (!invitation) {
        throw new AppException('INVITATION_NOT_FOUND', 'not-found', 'No such invitation in this concertation.');
      }
      if (answer === 'written-input' && !writtenInput?.trim()) {
        throw new AppException('WRITTEN_INPUT_REQUIRED', 'invalid', 'Please write the input.', {
          field: 'writtenInput',
        });
      }
      // Consent decides whom the meeting may involve, whoever records the answer (R06).
      if (!(await this.invitees.covers(view.caseId, invitation.participantId))) {
        throw new AppException(
          'CONSENT_DOES_NOT_COVER',
          'conflict',
          'The consent no longer covers this invitee: no answer can be recorded for them.',
        );
      }
      meeting.answerOnBehalf(
        invitationId,
        answer,
        writtenInput?.trim(),
        { recordedBy: principal.userId, channel },
        now,
      );
      const team = await this.team.list(view.caseId);
      await this.store.save(meeting, principal.userId, team);
      return toConcertationView(meeting.snapshot, team);
    });
  }
}
