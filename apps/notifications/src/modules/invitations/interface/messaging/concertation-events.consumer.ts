import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type ConcertationRescheduledV1, type ConcertationScheduledV1, Topic } from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport, type TransportMessage } from '#concerto/messaging';
import { NOTIFICATIONS_INVITATIONS_GROUP } from '../../../../notifications.tokens.js';
import { InviteToDatePollCommand } from '../../application/commands/invite-to-date-poll/invite-to-date-poll.command.js';
import { NotifyMeetingCancelledCommand } from '../../application/commands/notify-meeting-cancelled/notify-meeting-cancelled.command.js';
import { RecordCaseConsentCommand } from '../../application/commands/record-case-consent/record-case-consent.command.js';
import { PlanMeetingInvitationsCommand } from '../../application/commands/plan-meeting-invitations/plan-meeting-invitations.command.js';
import { RecordInvitationAnswerCommand } from '../../application/commands/record-invitation-answer/record-invitation-answer.command.js';
import { QueueFollowUpMessagesCommand } from '../../application/commands/queue-follow-up-messages/queue-follow-up-messages.command.js';
import { FollowUpMessages } from '../../application/services/follow-up-messages.js';
import type { PlannedFollowUp } from '../../domain/follow-up-message.js';
import { DescribeInviteesQuery } from '../../application/queries/describe-invitees/describe-invitees.query.js';

/**
 * Follows scheduling: date polls opened; meetings fixed, moved, cancelled; answers; the person's consent. Each event is
 * applied once (inbox) in one transaction with its delivery rows and timers; what is read from
 * other services is read before that transaction opens.
 */
@Injectable()
export class ConcertationEventsConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly followUp: FollowUpMessages,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({
      group: NOTIFICATIONS_INVITATIONS_GROUP,
      topics: [Topic.schedulingConcertationV1],
      handler: (m) => this.onConcertationEvent(m).then(() => undefined),
    });
  }

  onConcertationEvent(message: TransportMessage): Promise<'applied' | 'duplicate'> {
    return this.consumer.consumeEvents(message, {
      'concertation.scheduled': { prepare: (data) => this.planMeeting(data, undefined) },
      'concertation.rescheduled': { prepare: (data) => this.planMeeting(data, data.previousStart) },
      'concertation.cancelled': (data) => this.commands.execute(new NotifyMeetingCancelledCommand(data)),
      'concertation.proposed': (data) => this.commands.execute(new InviteToDatePollCommand(data)),
      'invitation.answered': (data) => this.commands.execute(new RecordInvitationAnswerCommand(data)),
      // Same topic and key (the case) as the meetings' events: a withdrawal is applied in order with them.
      'consent.changed': (data) => this.commands.execute(new RecordCaseConsentCommand(data)),
      // After the meeting (ADR 0024): who is told is read from scheduling's cards before the
      // transaction; the message rows (one per event and recipient) commit with the inbox entry.
      'concertation.recorded': { prepare: async (data) => this.queue(await this.followUp.planSummary(data.recordId)) },
      // The person's own link: the link itself is read from scheduling's card when the message leaves.
      'person.link-issued': {
        prepare: async (data) => this.queue(await this.followUp.planPersonLink(data.personLinkId)),
      },
      'action.opened': {
        prepare: async (data) => this.queue(await this.followUp.planForOwner(data.itemId, 'action-opened')),
      },
      'action.handed-over': {
        prepare: async (data) =>
          this.queue(await this.followUp.planForOwner(data.itemId, 'action-handed-over', data.handedOverAt)),
      },
      'action.reminder-due': {
        prepare: async (data) =>
          this.queue(
            await this.followUp.planForOwner(
              data.itemId,
              data.step === 'before-due' ? 'action-before-due' : 'action-due',
              '',
              data.step === 'due',
            ),
          ),
      },
      'action.escalated': { prepare: async (data) => this.queue(await this.followUp.planEscalation(data.itemId)) },
      'action.blocked': {
        prepare: async (data) =>
          this.queue(await this.followUp.planForCaseLeads(data.itemId, 'action-blocked', data.blockedAt)),
      },
      // Done by its owner: a referral's confirmation (received) or a withdrawal is no news to the case's leads.
      'action.resolved': {
        prepare: async (data) =>
          this.queue(
            data.resolution === 'done' ? await this.followUp.planForCaseLeads(data.itemId, 'action-done', '') : [],
          ),
      },
    });
  }

  private queue(planned: PlannedFollowUp[]): () => Promise<void> {
    return async () => {
      if (planned.length > 0) {
        await this.commands.execute(new QueueFollowUpMessagesCommand(planned));
      }
    };
  }

  private async planMeeting(
    data: ConcertationScheduledV1 | ConcertationRescheduledV1,
    previousStart: string | undefined,
  ): Promise<() => Promise<void>> {
    const invitees = await this.queries.execute(new DescribeInviteesQuery(data.invitations, data.bassinId));
    return () => this.commands.execute(new PlanMeetingInvitationsCommand(data, previousStart, invitees));
  }
}
