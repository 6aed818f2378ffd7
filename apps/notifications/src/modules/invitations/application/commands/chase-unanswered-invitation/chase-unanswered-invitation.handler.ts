import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { DurableTimers } from '#concerto/timers';
import { NO_ANSWER_TIMER } from '../../../../../notifications.tokens.js';
import { DeliveryRepository } from '../../../domain/delivery.js';
import {
  audienceOf,
  escalationAction,
  nextEscalationStep,
  noAnswerCheckAt,
} from '../../../domain/invitation-planning.js';
import { InvitationViewRepository } from '../../../domain/invitation-view.js';
import { ConsentGuard } from '../../services/consent-guard.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { ChaseUnansweredInvitationCommand } from './chase-unanswered-invitation.command.js';

@CommandHandler(ChaseUnansweredInvitationCommand)
export class ChaseUnansweredInvitationHandler implements ICommandHandler<ChaseUnansweredInvitationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly views: InvitationViewRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly ledger: DeliveryLedger,
    private readonly timers: DurableTimers,
    private readonly consent: ConsentGuard,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ invitationId, sequence, step }: ChaseUnansweredInvitationCommand): Promise<void> {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const view = await this.views.find(invitationId, { lock: true });
      if (
        !view ||
        view.sequence !== sequence ||
        view.meetingStatus !== 'scheduled' ||
        view.answer ||
        !view.startAt ||
        view.startAt <= now ||
        // No chasing someone the consent no longer covers, and no next step either.
        !(await this.consent.covers(view.caseId, view.invitationId))
      ) {
        return;
      }
      const tried = await this.deliveries.invitationAttempts(view.invitationId, sequence);
      const action = escalationAction(
        step,
        view.channels,
        tried.filter((t) => t.status === 'sent').map((t) => t.channel),
        tried.filter((t) => t.status === 'failed').map((t) => t.channel),
      );
      const base = {
        caseId: view.caseId,
        invitationId: view.invitationId,
        concertationId: view.concertationId,
        sequence,
      };
      if (action.action === 'remind-on-another-channel') {
        await this.ledger.queue({ ...base, kind: 'no-answer-reminder', channel: action.channel });
      } else if (action.action === 'propose-substitute') {
        await this.ledger.addTask({
          ...base,
          idempotencyKey: `substitute-proposal:${view.invitationId}:${sequence}`,
          kind: 'substitute-proposal',
          candidates: view.substituteCandidates ?? [],
        });
      } else {
        await this.ledger.addTask({
          ...base,
          idempotencyKey: `no-answer:${view.invitationId}:${sequence}`,
          kind: 'no-answer',
        });
      }
      await this.views.escalated(view.invitationId, step, now);
      const next = nextEscalationStep(step, audienceOf(view.participantKind));
      const due = next ? noAnswerCheckAt(now, view.startAt, this.config.NOTIFICATIONS_NO_ANSWER_HOURS) : undefined;
      if (next && due) {
        await this.timers.schedule({
          kind: NO_ANSWER_TIMER,
          subjectId: view.invitationId,
          dueAt: due,
          payload: { sequence, step: next },
        });
      }
    });
  }
}
