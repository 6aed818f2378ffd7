import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '#concerto/messaging';
import { reminderChannel, wantsMeetingReminder } from '../../../domain/invitation-planning.js';
import { InvitationViewRepository } from '../../../domain/invitation-view.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { SendMeetingRemindersCommand } from './send-meeting-reminders.command.js';

@CommandHandler(SendMeetingRemindersCommand)
export class SendMeetingRemindersHandler implements ICommandHandler<SendMeetingRemindersCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly views: InvitationViewRepository,
    private readonly ledger: DeliveryLedger,
  ) {}

  execute({ concertationId, sequence, reminder }: SendMeetingRemindersCommand): Promise<void> {
    return this.uow.run(async () => {
      for (const v of await this.views.scheduledInvitees(concertationId, sequence)) {
        const channel = reminderChannel(reminder, v.channels);
        if (!channel || !wantsMeetingReminder(v.answer)) {
          continue;
        }
        await this.ledger.queue({
          invitationId: v.invitationId,
          concertationId: v.concertationId,
          caseId: v.caseId,
          sequence,
          kind: reminder,
          channel,
        });
      }
    });
  }
}
