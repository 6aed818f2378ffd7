import { Injectable } from '@nestjs/common';
import {
  type CaseOpenedV1,
  type ConcertationCancelledV1,
  type ConcertationProposedV1,
  type ConcertationRescheduledV1,
  type ConcertationScheduledV1,
  type EventEnvelope,
  type InvitationAnsweredV1,
  Topic,
} from '#concerto/contracts';
import { IdempotentConsumer, type MessageTransport, type TransportMessage } from '#concerto/messaging';
import { InvitationPlanner, type PreparedInvitees } from '../../modules/invitations/application/invitation-planner.js';
import { NOTIFICATIONS_CASES_GROUP, NOTIFICATIONS_INVITATIONS_GROUP } from '../../notifications.tokens.js';

/**
 * Follows scheduling (date polls opened; meetings fixed, moved, cancelled; answers) and the cases' bassins. Each
 * event is applied once (inbox) in one transaction with its delivery rows and timers; the
 * delivery cards are read before that transaction opens.
 */
@Injectable()
export class NotificationsConsumers {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly planner: InvitationPlanner,
  ) {}

  register(transport: MessageTransport): void {
    transport.subscribe({ group: NOTIFICATIONS_INVITATIONS_GROUP, topics: [Topic.schedulingConcertationV1], handler: (m) => this.onConcertationEvent(m).then(() => undefined) });
    transport.subscribe({ group: NOTIFICATIONS_CASES_GROUP, topics: [Topic.casesCaseV1], handler: (m) => this.onCaseEvent(m).then(() => undefined) });
  }

  onConcertationEvent(message: TransportMessage): Promise<'applied' | 'duplicate'> {
    return this.consumer.consume<PreparedInvitees>(
      message,
      async (env, scope, prepared) => {
        if (env.type === 'concertation.scheduled') {
          await this.planner.meetingPlanned(scope, env.data as ConcertationScheduledV1, false, prepared);
        } else if (env.type === 'concertation.rescheduled') {
          await this.planner.meetingPlanned(scope, env.data as ConcertationRescheduledV1, true, prepared);
        } else if (env.type === 'concertation.cancelled') {
          await this.planner.meetingCancelled(scope, env.data as ConcertationCancelledV1);
        } else if (env.type === 'concertation.proposed') {
          await this.planner.pollProposed(scope, env.data as ConcertationProposedV1);
        } else if (env.type === 'invitation.answered') {
          await this.planner.invitationAnswered(scope, env.data as InvitationAnsweredV1);
        }
      },
      (env: EventEnvelope) =>
        env.type === 'concertation.scheduled' || env.type === 'concertation.rescheduled'
          ? this.planner.prepare((env.data as ConcertationScheduledV1).invitations.map((i) => i.invitationId))
          : Promise.resolve(new Map()),
    );
  }

  onCaseEvent(message: TransportMessage): Promise<'applied' | 'duplicate'> {
    return this.consumer.consume(message, async (env, scope) => {
      if (env.type === 'case.opened') {
        await this.planner.caseOpened(scope, env.data as CaseOpenedV1);
      }
    });
  }
}
