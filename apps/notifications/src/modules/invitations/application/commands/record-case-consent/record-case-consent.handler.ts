import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { DurableTimers } from '#concerto/timers';
import { MEETING_REMINDER_TIMER, NO_ANSWER_TIMER } from '../../../../../notifications.tokens.js';
import { CaseConsentRepository, consentCovers } from '../../../domain/case-consent.js';
import { InvitationViewRepository } from '../../../domain/invitation-view.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { RecordCaseConsentCommand } from './record-case-consent.command.js';

@CommandHandler(RecordCaseConsentCommand)
export class RecordCaseConsentHandler implements ICommandHandler<RecordCaseConsentCommand> {
  private readonly logger = new Logger(RecordCaseConsentHandler.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly consents: CaseConsentRepository,
    private readonly views: InvitationViewRepository,
    private readonly ledger: DeliveryLedger,
    private readonly timers: DurableTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ change }: RecordCaseConsentCommand): Promise<void> {
    return this.uow.run(async () => {
      const consent = {
        caseId: change.caseId,
        status: change.status,
        ...(change.participantIds ? { participantIds: change.participantIds } : {}),
        changedAt: new Date(change.changedAt),
      };
      if (!(await this.consents.record(consent, this.clock.now()))) {
        return; // an older change, redelivered late
      }
      const invitations = await this.views.ofCase(change.caseId);
      const meetings = new Set<string>();
      let stopped = 0;
      for (const v of invitations) {
        if (consentCovers(consent, v)) {
          continue;
        }
        stopped++;
        // Timers already due but not fired yet are cancelled too: `cancel` takes every unfired one.
        await this.timers.cancel(v.invitationId, NO_ANSWER_TIMER);
        await this.ledger.closeTasks({ invitationId: v.invitationId }, 'cancelled');
        meetings.add(v.concertationId);
      }
      if (!consentCovers(consent, { participantKind: 'person' })) {
        // Nobody is covered any more: the meetings' reminders go (a reminder firing anyway is checked per addressee).
        for (const concertationId of new Set(invitations.map((v) => v.concertationId))) {
          await this.timers.cancel(concertationId, MEETING_REMINDER_TIMER);
        }
      }
      const cancelled = await this.ledger.cancelUncovered(change.caseId);
      if (stopped > 0 || cancelled.length > 0) {
        this.logger.log({
          msg: 'consent withdrawn: messages stopped',
          invitations: stopped,
          meetings: meetings.size,
          deliveriesCancelled: cancelled.length,
        });
      }
    });
  }
}
