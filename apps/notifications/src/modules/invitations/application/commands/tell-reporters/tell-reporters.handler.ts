import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { CaseFeedbackRepository } from '../../../domain/case-feedback.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { TellReportersCommand } from './tell-reporters.command.js';

/** Runs in the consumer's transaction: the feedback rows, their deliveries and the inbox entry commit together. */
@CommandHandler(TellReportersCommand)
export class TellReportersHandler implements ICommandHandler<TellReportersCommand> {
  private readonly logger = new Logger(TellReportersHandler.name);

  constructor(
    private readonly feedbacks: CaseFeedbackRepository,
    private readonly ledger: DeliveryLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ planned }: TellReportersCommand): Promise<number> {
    let told = 0;
    for (const { feedback, channels } of planned) {
      const recorded = await this.feedbacks.record(feedback, this.clock.now());
      if (!recorded.created) {
        continue;
      }
      if (channels.length === 0) {
        this.logger.warn({
          msg: 'reporter feedback recorded with no reachable channel',
          feedbackId: recorded.feedback.id,
        });
      }
      for (const channel of channels) {
        await this.ledger.queue({
          invitationId: recorded.feedback.id,
          concertationId: feedback.caseId,
          caseId: feedback.caseId,
          sequence: 0,
          kind: 'case-feedback',
          channel,
        });
      }
      told += 1;
    }
    return told;
  }
}
