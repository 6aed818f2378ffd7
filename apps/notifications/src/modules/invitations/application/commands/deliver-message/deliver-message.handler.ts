import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CONSENT_WITHDRAWN } from '../../../domain/case-consent.js';
import { type Delivery, DeliveryRepository, isCaseMessage, isFollowUpMessage } from '../../../domain/delivery.js';
import { DeliveryError } from '../../../domain/ports.js';
import type { MessageKind } from '../../../domain/message-templates.js';
import { type InvitationChannel, isCoordinatorChannel } from '../../../domain/invitation-planning.js';
import { CaseFeedbackMessages } from '../../services/case-feedback-messages.js';
import { ConsentGuard } from '../../services/consent-guard.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { FollowUpMessages } from '../../services/follow-up-messages.js';
import { NoAnswerChecks } from '../../services/no-answer-checks.js';
import { PageMessages } from '../../services/page-messages.js';
import { ProviderReports } from '../../services/provider-reports.js';
import { DeliverMessageCommand, type DeliveryOutcome, RetryableDeliveryError } from './deliver-message.command.js';
import { MessageReader } from './message-reader.js';
import { errorCode, MessageSender, type SendResult } from './message-sender.js';

/** How long a claimed message is reserved for the job that claimed it (a crashed job's message is re-sent after this). */
const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * Sends one message, exactly once per idempotency key as far as the engine can tell:
 *
 *   1. read the row (ids only) and, outside any transaction, the delivery card (names, contact
 *      data, answer links) from scheduling and the organiser's name from the directory;
 *   2. claim the row (attempts + 1, a lease);
 *   3. send through the channel adapter with the key as idempotency key (Message-ID for e-mail);
 *   4. mark it sent and emit invitation.sent in one transaction (or, after the last attempt or a
 *      permanent refusal, mark it failed, emit invitation.failed and queue the next channel).
 *
 * A crash between 3 and 4 leaves the row queued; once the lease lapses the reconciler enqueues
 * it again and it is re-sent with the SAME key: the development mailbox and SMS sink drop it as a
 * duplicate, an SMTP receiver sees the same Message-ID. That window is the only place a message
 * can leave twice.
 */
@CommandHandler(DeliverMessageCommand)
export class DeliverMessageHandler implements ICommandHandler<DeliverMessageCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly deliveries: DeliveryRepository,
    private readonly reader: MessageReader,
    private readonly sender: MessageSender,
    private readonly ledger: DeliveryLedger,
    private readonly reports: ProviderReports,
    private readonly noAnswer: NoAnswerChecks,
    private readonly consent: ConsentGuard,
    private readonly pages: PageMessages,
    private readonly feedback: CaseFeedbackMessages,
    private readonly followUp: FollowUpMessages,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ idempotencyKey: key }: DeliverMessageCommand): Promise<DeliveryOutcome> {
    const delivery = await this.deliveries.find(key);
    if (!delivery || delivery.status !== 'queued') {
      return 'done';
    }
    if (delivery.claimedUntil && delivery.claimedUntil > this.clock.now()) {
      return 'busy';
    }
    // Reads from other services happen here, never inside a transaction.
    const message = await this.prepare(delivery);
    if (message.skip !== undefined) {
      const reason = message.skip;
      const status = reason === CONSENT_WITHDRAWN ? 'cancelled' : 'skipped';
      await this.uow.run(() => this.deliveries.settle(key, status, reason));
      return status;
    }
    const now = this.clock.now();
    // The last word before the message leaves: the consent, checked in the claim's own transaction
    // (its row held against a concurrent withdrawal), whatever queued the message and whenever.
    // A page to the case's coordinator names nobody and is not the consent's to stop (R06).
    const claim = await this.uow.run(async () => {
      if (
        !isCaseMessage(delivery.kind) &&
        !(await this.consent.covers(delivery.caseId, delivery.invitationId, { lock: true }))
      ) {
        await this.deliveries.settle(key, 'cancelled', CONSENT_WITHDRAWN);
        return 'cancelled' as const;
      }
      return this.deliveries.claim(key, now, new Date(now.getTime() + CLAIM_LEASE_MS));
    });
    if (claim === 'cancelled') {
      return 'cancelled';
    }
    const attempts = claim;
    if (attempts === undefined) {
      return 'busy';
    }
    let result: SendResult;
    try {
      result = await message.send();
    } catch (error) {
      const permanent = error instanceof DeliveryError ? error.permanent : true;
      const code = errorCode(error);
      if (permanent || attempts >= this.config.NOTIFICATIONS_MAX_ATTEMPTS) {
        await this.uow.run(() => this.failed(delivery, message.channels, code));
        return 'failed';
      }
      await this.deliveries.release(key, code);
      throw new RetryableDeliveryError(code);
    }
    await this.uow.run(() => this.sent(delivery, result, message.channels));
    return 'sent';
  }

  /** What to send and how, read from the invitation's card (or the page), or why it is not worth sending any more. */
  private async prepare(
    delivery: Delivery,
  ): Promise<{ skip: string } | { skip?: undefined; channels: InvitationChannel[]; send: () => Promise<SendResult> }> {
    if (delivery.kind === 'page') {
      const page = await this.pages.prepare(delivery);
      return page.skip !== undefined ? page : { channels: [], send: page.send };
    }
    if (delivery.kind === 'case-feedback') {
      const feedback = await this.feedback.prepare(delivery);
      return feedback.skip !== undefined ? feedback : { channels: [], send: feedback.send };
    }
    if (isFollowUpMessage(delivery.kind)) {
      const followUp = await this.followUp.prepare(delivery);
      return followUp.skip !== undefined ? followUp : { channels: [], send: followUp.send };
    }
    const message = await this.reader.read(delivery as Delivery & { kind: MessageKind });
    if (message.skip !== undefined) {
      return message;
    }
    const organizer = await this.reader.organizer(message.organizerId);
    return {
      channels: message.channels,
      send: () => this.sender.send(delivery, message.input(organizer, this.clock.now())),
    };
  }

  private async sent(d: Delivery, result: SendResult, channels: readonly InvitationChannel[]): Promise<void> {
    const now = this.clock.now();
    if (!(await this.deliveries.markSent(d.idempotencyKey, now, result.providerMessageId))) {
      return;
    }
    if (isCoordinatorChannel(d.channel)) {
      await this.ledger.addTask({
        idempotencyKey: d.idempotencyKey,
        caseId: d.caseId,
        invitationId: d.invitationId,
        concertationId: d.concertationId,
        sequence: d.sequence,
        kind: d.channel === 'letter' ? 'post-letter' : 'phone-call',
        messageKind: d.kind as MessageKind,
        language: result.language,
        letterId: result.letter?.id,
        letterPath: result.letter?.path,
      });
    }
    await this.ledger.emitDelivery('invitation.sent', d, now);
    if (result.delivered) {
      await this.deliveries.markDelivered(d.idempotencyKey, now);
      await this.ledger.emitDelivery('invitation.delivered', d, now);
    } else if (d.channel === 'sms') {
      // The provider's report may have come before its answer to the send.
      await this.reports.applyPending(d.idempotencyKey, result.providerMessageId, channels);
    }
    if (d.kind === 'invitation' || d.kind === 'update') {
      await this.noAnswer.invitationLeft(d.invitationId, d.sequence);
    }
  }

  private async failed(d: Delivery, channels: readonly InvitationChannel[], code: string): Promise<void> {
    if (!(await this.deliveries.settle(d.idempotencyKey, 'failed', code))) {
      return;
    }
    await this.ledger.emitDelivery('invitation.failed', d, this.clock.now(), code);
    await this.ledger.queueFallback(d, channels);
  }
}
