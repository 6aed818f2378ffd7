import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#concerto/ddd';
import { DeliveryRepository } from '../../domain/delivery.js';
import type { InvitationChannel } from '../../domain/invitation-planning.js';
import { ProviderReportRepository } from '../../domain/provider-report.js';
import { DeliveryLedger } from './delivery-ledger.js';

/**
 * Applies the provider reports received for a message now recorded as sent: delivered becomes
 * invitation.delivered; undelivered becomes invitation.failed and the message goes out on the
 * invitee's next channel. Runs in the transaction that records the send, and in the one that
 * records a report; safe to run twice.
 */
@Injectable()
export class ProviderReports {
  constructor(
    private readonly reports: ProviderReportRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly ledger: DeliveryLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async applyPending(key: string, providerMessageId: string, channels: readonly InvitationChannel[]): Promise<void> {
    const now = this.clock.now();
    for (const report of await this.reports.unapplied(providerMessageId)) {
      if (report.status === 'delivered') {
        const delivered = await this.deliveries.markDelivered(key, now);
        if (delivered) {
          await this.ledger.emitDelivery('invitation.delivered', delivered, now);
        }
      } else {
        const code = `sms-undelivered${report.errorCode ? `-${report.errorCode}` : ''}`;
        const failed = await this.deliveries.markUndelivered(key, code);
        if (failed) {
          await this.ledger.emitDelivery('invitation.failed', failed, now, code);
          await this.ledger.queueFallback(failed, channels);
        }
      }
    }
    await this.reports.markApplied(providerMessageId, now);
  }
}
