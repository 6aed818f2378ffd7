import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import type { InvitationAnswer } from '../../../domain/concertation.aggregate.js';
import { ConcertationRepository } from '../../../domain/concertation.repository.js';
import { ConcertationStore } from '../../concertation-store.js';
import { Invitees } from '../../invitees.js';
import { ReplyAddresses } from '../../reply-addresses.js';
import {
  type CalendarReplyOutcome,
  type CalendarPartstat,
  RecordCalendarReplyCommand,
} from './record-calendar-reply.command.js';

/**
 * TENTATIVE is not an answer here: the meeting needs to know who comes, and "maybe" would stop the
 * no-answer chain that asks exactly that. It is ignored; the reminder asks again (ADR 0023).
 */
const ANSWERS: Partial<Record<CalendarPartstat, InvitationAnswer>> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
};

/**
 * Records a calendar app's answer exactly as the answer page does (same aggregate method, same
 * store, same events, so the no-answer chain stops the same way), after the checks a signed link
 * gets from its signature: the address names an invitation, the REPLY is about that meeting's
 * current version, and its ATTENDEE is the invitee the address was issued for.
 */
@CommandHandler(RecordCalendarReplyCommand)
export class RecordCalendarReplyHandler implements ICommandHandler<RecordCalendarReplyCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly addresses: ReplyAddresses,
    private readonly concertations: ConcertationRepository,
    private readonly invitees: Invitees,
    private readonly team: CareTeam,
    private readonly store: ConcertationStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ replyAddress, reply }: RecordCalendarReplyCommand): Promise<{ outcome: CalendarReplyOutcome }> {
    const now = this.clock.now();
    const invitationId = this.addresses.invitationOf(replyAddress);
    if (!invitationId) {
      return Promise.resolve({ outcome: 'unknown-address' });
    }
    return this.uow.run(async () => {
      const outcome = async (): Promise<CalendarReplyOutcome> => {
        const meeting = await this.concertations.findByInvitation(invitationId, { forUpdate: true });
        const invitation = meeting?.snapshot.invitations.find((i) => i.id === invitationId);
        if (!meeting || !invitation) {
          return 'unknown-address';
        }
        const s = meeting.snapshot;
        if (reply.uid.split('@')[0] !== s.id) {
          return 'other-meeting';
        }
        if (s.status === 'cancelled') {
          return 'cancelled';
        }
        // An answer link expires when the meeting ends; so does the reply address.
        if (s.end.getTime() <= now.getTime()) {
          return 'meeting-over';
        }
        if (reply.sequence !== s.sequence) {
          return 'stale';
        }
        if (!(await this.invitees.covers(s.caseId, invitation.participantId))) {
          return 'not-covered';
        }
        const team = await this.team.list(s.caseId);
        const invitee = team.find((p) => p.id === invitation.participantId);
        if (!invitee?.contact.email || invitee.contact.email.toLowerCase() !== reply.attendee.toLowerCase()) {
          return 'attendee-mismatch';
        }
        const answer = ANSWERS[reply.partstat.toUpperCase()];
        if (!answer) {
          return 'not-an-answer';
        }
        // Calendar apps resend their REPLY (a second click, a sync): the same answer is held once.
        if (invitation.status === answer && invitation.answeredSequence === s.sequence) {
          return 'duplicate';
        }
        if (meeting.answer(invitationId, s.sequence, answer, undefined, now) !== 'recorded') {
          return 'stale';
        }
        await this.store.save(meeting, `invitee:${invitationId}`, team);
        return 'recorded';
      };
      return { outcome: await outcome() };
    });
  }
}
