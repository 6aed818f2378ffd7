import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { INVITATION_CARDS_API, type InvitationCardsApi } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { type TransactionScope, UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { NOTIFICATIONS_DB } from '../../../notifications.tokens.js';
import type { InvitationChannel } from '../domain/invitation-planning.js';
import { DeliveryLedger, type DeliveryRow } from './delivery-ledger.js';

const S = 'notifications';

/** What a provider's report says about a sent message; other statuses (queued, sending, sent) change nothing here. */
export type ReportedStatus = 'delivered' | 'undelivered';

export interface ProviderReport {
  provider: 'twilio';
  providerMessageId: string;
  status: ReportedStatus;
  /** The provider's numeric error code, if any: kept as a code, never its text. */
  errorCode?: string;
}

/** Twilio's MessageStatus values, reduced to what matters for an invitation. */
export function reportedStatusOfTwilio(status: string | undefined): ReportedStatus | undefined {
  return status === 'delivered' || status === 'read' ? 'delivered' : status === 'undelivered' || status === 'failed' ? 'undelivered' : undefined;
}

/**
 * Delivery reports from the channel providers: a sent message confirmed delivered becomes
 * invitation.delivered; one the network could not deliver becomes invitation.failed and goes
 * out on the invitee's next channel. A report may overtake the send it is about (the provider
 * answers the send after calling back): it is kept and applied when the send is recorded.
 */
@Injectable()
export class DeliveryReportsService {
  constructor(
    @Inject(NOTIFICATIONS_DB) private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly ledger: DeliveryLedger,
    @Inject(INVITATION_CARDS_API) private readonly cards: InvitationCardsApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records a verified report; applies it now if its message is known, else when the send is recorded. */
  async receive(report: ProviderReport): Promise<'applied' | 'pending'> {
    const [row] = await queryRows<DeliveryRow>(this.ds, `SELECT * FROM "${S}"."deliveries" WHERE "channel" = 'sms' AND "provider_message_id" = $1`, [report.providerMessageId]);
    // Reads from other services before the transaction: where to go next if this channel failed.
    const channels = row && report.status === 'undelivered' ? await this.channelsOf(row) : [];
    return this.uow.run(async (scope) => {
      await scope.manager.query(
        `INSERT INTO "${S}"."provider_reports" ("provider","provider_message_id","status","error_code","received_at") VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`,
        [report.provider, report.providerMessageId, report.status, report.errorCode ?? null, this.clock.now()],
      );
      if (!row) {
        return 'pending';
      }
      await this.applyPending(scope, row.idempotency_key, report.providerMessageId, channels);
      return 'applied';
    });
  }

  /**
   * Applies the reports received for a message that is now recorded as sent (called in the
   * transaction that records it, and when a report arrives). Safe to run twice.
   */
  async applyPending(scope: TransactionScope, key: string, providerMessageId: string, channels: readonly InvitationChannel[]): Promise<void> {
    const reports = await queryRows<{ status: ReportedStatus; error_code: string | null }>(
      scope.manager,
      `SELECT "status","error_code" FROM "${S}"."provider_reports" WHERE "provider_message_id" = $1 AND "applied_at" IS NULL ORDER BY "received_at"`,
      [providerMessageId],
    );
    const now = this.clock.now();
    for (const report of reports) {
      if (report.status === 'delivered') {
        const [row] = await queryRows<DeliveryRow>(
          scope.manager,
          `UPDATE "${S}"."deliveries" SET "delivered_at" = $2 WHERE "idempotency_key" = $1 AND "status" = 'sent' AND "delivered_at" IS NULL RETURNING *`,
          [key, now],
        );
        if (row) {
          await this.ledger.emitDelivery(scope, 'invitation.delivered', row, now);
        }
      } else {
        const code = `sms-undelivered${report.error_code ? `-${report.error_code}` : ''}`;
        const [row] = await queryRows<DeliveryRow>(
          scope.manager,
          `UPDATE "${S}"."deliveries" SET "status" = 'failed', "last_error_code" = $2 WHERE "idempotency_key" = $1 AND "status" = 'sent' AND "delivered_at" IS NULL RETURNING *`,
          [key, code],
        );
        if (row) {
          await this.ledger.emitDelivery(scope, 'invitation.failed', row, now, code);
          await this.ledger.queueFallback(scope, row, channels);
        }
      }
    }
    await scope.manager.query(`UPDATE "${S}"."provider_reports" SET "applied_at" = $2 WHERE "provider_message_id" = $1 AND "applied_at" IS NULL`, [providerMessageId, now]);
  }

  private async channelsOf(row: DeliveryRow): Promise<InvitationChannel[]> {
    const card = row.kind === 'poll-invitation' ? await this.cards.pollCard(row.invitation_id) : await this.cards.deliveryCard(row.invitation_id);
    return (card?.recipient?.channels ?? []) as InvitationChannel[];
  }
}
