import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { DurableTimers } from '#concerto/timers';
import { MEETING_REMINDER_TIMER, NO_ANSWER_TIMER } from '../../../../../notifications.tokens.js';
import { plannedReminders, primaryChannel } from '../../../domain/invitation-planning.js';
import { CaseBassinRepository, InvitationViewRepository } from '../../../domain/invitation-view.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { PlanMeetingInvitationsCommand } from './plan-meeting-invitations.command.js';

@CommandHandler(PlanMeetingInvitationsCommand)
export class PlanMeetingInvitationsHandler implements ICommandHandler<PlanMeetingInvitationsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly views: InvitationViewRepository,
    private readonly cases: CaseBassinRepository,
    private readonly ledger: DeliveryLedger,
    private readonly timers: DurableTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ meeting: d, previousStart, invitees }: PlanMeetingInvitationsCommand): Promise<void> {
    const rescheduled = previousStart !== undefined;
    return this.uow.run(async () => {
      const now = this.clock.now();
      const start = new Date(d.start);
      for (const inv of d.invitations) {
        const view = await this.views.find(inv.invitationId);
        if (view && view.sequence > d.sequence) {
          continue; // an older event, redelivered late: the newer one has been applied
        }
        const p = invitees.get(inv.invitationId) ?? {};
        if (p.bassinId) {
          await this.cases.record(d.caseId, p.bassinId, now);
        }
        await this.views.meetingPlanned(
          {
            invitationId: inv.invitationId,
            concertationId: d.concertationId,
            caseId: d.caseId,
            participantId: inv.participantId,
            participantKind: p.participantKind ?? 'unknown',
            professionalId: p.professionalId,
            required: inv.required,
            channels: inv.channels,
            sequence: d.sequence,
            start,
            end: new Date(d.end),
            previousStart: previousStart === undefined ? undefined : new Date(previousStart),
            substituteCandidates: p.colleagues,
            // Written input stays useful whatever the date; attendance answers must be given again (as in scheduling).
            keepAnswer: view?.answer === 'written-input',
          },
          now,
        );
        await this.timers.cancel(inv.invitationId, NO_ANSWER_TIMER);
        await this.ledger.queue({
          invitationId: inv.invitationId,
          concertationId: d.concertationId,
          caseId: d.caseId,
          sequence: d.sequence,
          kind: rescheduled ? 'update' : 'invitation',
          channel: primaryChannel(inv.channels),
        });
      }
      await this.timers.cancel(d.concertationId, MEETING_REMINDER_TIMER);
      for (const r of plannedReminders(start, now)) {
        await this.timers.schedule({
          kind: MEETING_REMINDER_TIMER,
          subjectId: d.concertationId,
          dueAt: r.at,
          payload: { sequence: d.sequence, reminder: r.kind },
        });
      }
      if (rescheduled) {
        // Letters and calls about the old date, substitutes and alerts for it: moot now.
        await this.ledger.closeTasks({ concertationId: d.concertationId, olderThanSequence: d.sequence }, 'superseded');
      }
    });
  }
}
