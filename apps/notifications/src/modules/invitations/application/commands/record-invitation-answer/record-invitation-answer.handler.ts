import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { DurableTimers } from '#concerto/timers';
import { NO_ANSWER_TIMER } from '../../../../../notifications.tokens.js';
import { writtenInputAckChannel } from '../../../domain/invitation-planning.js';
import { InvitationViewRepository } from '../../../domain/invitation-view.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { RecordInvitationAnswerCommand } from './record-invitation-answer.command.js';

@CommandHandler(RecordInvitationAnswerCommand)
export class RecordInvitationAnswerHandler implements ICommandHandler<RecordInvitationAnswerCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly views: InvitationViewRepository,
    private readonly ledger: DeliveryLedger,
    private readonly timers: DurableTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ answer: d }: RecordInvitationAnswerCommand): Promise<void> {
    return this.uow.run(async () => {
      const view = await this.views.find(d.invitationId);
      if (!view || d.sequence < view.sequence) {
        return;
      }
      await this.views.answered(
        d.invitationId,
        { answer: d.answer, sequence: d.sequence, answeredAt: new Date(d.answeredAt) },
        this.clock.now(),
      );
      await this.timers.cancel(d.invitationId, NO_ANSWER_TIMER);
      await this.ledger.closeTasks(
        {
          invitationId: d.invitationId,
          kinds: d.answer === 'declined' ? ['no-answer'] : ['no-answer', 'substitute-proposal'],
        },
        'resolved',
      );
      const ackChannel = writtenInputAckChannel(d.answer, view.channels);
      if (ackChannel) {
        await this.ledger.queue({
          invitationId: d.invitationId,
          concertationId: d.concertationId,
          caseId: d.caseId,
          sequence: d.sequence,
          kind: 'written-input-ack',
          channel: ackChannel,
        });
      }
    });
  }
}
