import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { INVITATION_CARDS_API, type InvitationCardsApi } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { type Delivery, DeliveryRepository } from '../../../domain/delivery.js';
import type { InvitationChannel } from '../../../domain/invitation-planning.js';
import { ProviderReportRepository } from '../../../domain/provider-report.js';
import { ProviderReports } from '../../services/provider-reports.js';
import { RecordDeliveryReportCommand } from './record-delivery-report.command.js';

@CommandHandler(RecordDeliveryReportCommand)
export class RecordDeliveryReportHandler implements ICommandHandler<RecordDeliveryReportCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly deliveries: DeliveryRepository,
    private readonly reports: ProviderReportRepository,
    private readonly pending: ProviderReports,
    @Inject(INVITATION_CARDS_API) private readonly cards: InvitationCardsApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ report }: RecordDeliveryReportCommand): Promise<'applied' | 'pending'> {
    const delivery = await this.deliveries.findSmsByProviderId(report.providerMessageId);
    // Reads from other services before the transaction: where to go next if this channel failed.
    const channels = delivery && report.status === 'undelivered' ? await this.channelsOf(delivery) : [];
    return this.uow.run(async () => {
      await this.reports.record(report, this.clock.now());
      if (!delivery) {
        return 'pending' as const;
      }
      await this.pending.applyPending(delivery.idempotencyKey, report.providerMessageId, channels);
      return 'applied' as const;
    });
  }

  private async channelsOf(d: Delivery): Promise<InvitationChannel[]> {
    const card =
      d.kind === 'poll-invitation'
        ? await this.cards.pollCard(d.invitationId)
        : await this.cards.deliveryCard(d.invitationId);
    return card?.recipient?.channels ?? [];
  }
}
