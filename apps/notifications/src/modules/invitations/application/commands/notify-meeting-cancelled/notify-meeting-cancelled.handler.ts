import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { DurableTimers } from '#concerto/timers';
import { MEETING_REMINDER_TIMER, NO_ANSWER_TIMER } from '../../../../../notifications.tokens.js';
import { primaryChannel } from '../../../domain/invitation-planning.js';
import { InvitationViewRepository } from '../../../domain/invitation-view.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { NotifyMeetingCancelledCommand } from './notify-meeting-cancelled.command.js';

@CommandHandler(NotifyMeetingCancelledCommand)
export class NotifyMeetingCancelledHandler implements ICommandHandler<NotifyMeetingCancelledCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly views: InvitationViewRepository,
    private readonly ledger: DeliveryLedger,
    private readonly timers: DurableTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ meeting: d }: NotifyMeetingCancelledCommand): Promise<void> {
    return this.uow.run(async () => {
      await this.timers.cancel(d.concertationId, MEETING_REMINDER_TIMER);
      await this.ledger.closeTasks({ concertationId: d.concertationId }, 'cancelled');
      const now = this.clock.now();
      for (const inv of d.invitations) {
        const view = await this.views.find(inv.invitationId);
        if (view && view.sequence > d.sequence) {
          continue;
        }
        await this.views.meetingCancelled(
          {
            invitationId: inv.invitationId,
            concertationId: d.concertationId,
            caseId: d.caseId,
            participantId: inv.participantId,
            required: inv.required,
            channels: inv.channels,
            sequence: d.sequence,
          },
          now,
        );
        await this.timers.cancel(inv.invitationId, NO_ANSWER_TIMER);
        await this.ledger.queue({
          invitationId: inv.invitationId,
          concertationId: d.concertationId,
          caseId: d.caseId,
          sequence: d.sequence,
          kind: 'cancellation',
          channel: primaryChannel(inv.channels),
        });
      }
    });
  }
}
