import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { DIRECTORY_READ_API, type DirectoryReadApi, INVITATION_CARDS_API, type InvitationCardsApi, type InvitationDeliveryCard, type PollInvitationCard } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { type TransactionScope, UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId, runWithCorrelation } from '#concerto/observability';
import { queryRows } from '#concerto/persistence';
import { EMAIL_SENDER, NOTIFICATIONS_DB, SMS_SENDER } from '../../../notifications.tokens.js';
import { composeEmail, type ComposeInput, composeLetter, composeSms, recipientLanguage } from '../domain/compose-messages.js';
import { type InvitationChannel, isCoordinatorChannel, isMeetingReminder } from '../domain/invitation-planning.js';
import type { Organizer } from '../domain/meeting.js';
import { DeliveryError, type EmailSender, type SmsSender } from '../domain/ports.js';
import { DeliveryQueue } from '../infrastructure/delivery-queue.js';
import { HtmlLetterRenderer } from '../infrastructure/letter-renderer.js';
import { LetterStore } from '../infrastructure/letter-store.js';
import { mailIdentity } from '../infrastructure/channel-adapters.js';
import { DeliveryLedger, type DeliveryRow, type InvitationViewRow } from './delivery-ledger.js';
import { DeliveryReportsService } from './delivery-reports.service.js';
import { InvitationPlanner } from './invitation-planner.js';
import { meetingOf, pollMeetingOf, recipientOf } from './message-input.js';

const S = 'notifications';

/** How long a claimed message is reserved for the job that claimed it (a crashed job's message is re-sent after this). */
const CLAIM_LEASE_MS = 5 * 60_000;
/** How often queued messages whose job may be lost are re-enqueued, in sweep intervals. */
const RECONCILE_EVERY_SWEEPS = 10;

export type DeliveryOutcome = 'sent' | 'failed' | 'skipped' | 'busy' | 'done';

/** A transient failure: the job is retried with backoff. Carries a code only, never an address. */
export class RetryableDeliveryError extends Error {
  constructor(readonly code: string) {
    super(`delivery failed, will retry (${code})`);
    this.name = 'RetryableDeliveryError';
  }
}

/** A message read from its card, ready to be composed once the organiser is known. */
type MessageToSend = { skip: string } | MessageToCompose;

interface MessageToCompose {
  skip?: undefined;
  organizerId: string;
  /** The invitee's channels, best first: where to go next if this one fails for good. */
  channels: InvitationChannel[];
  input: (organizer: Organizer, now: Date) => ComposeInput;
}

interface SendResult {
  providerMessageId: string;
  /** The channel confirmed delivery on acceptance (development sinks). */
  delivered?: boolean;
  language: string;
  letter?: { id: string; path: string };
}

/**
 * Sends one message per job, exactly once per idempotency key as far as the engine can tell:
 *
 *   1. read the row (ids only) and, outside any transaction, the delivery card (names, contact
 *      data, answer links) from scheduling and the organiser's name from the directory;
 *   2. claim the row (short transaction: attempts + 1, a lease);
 *   3. send through the channel adapter with the key as idempotency key (Message-ID for e-mail);
 *   4. mark it sent and emit invitation.sent in one transaction (or, after the last attempt or a
 *      permanent refusal, mark it failed, emit invitation.failed and queue the next channel).
 *
 * A crash between 3 and 4 leaves the row queued; once the lease lapses the reconciler enqueues
 * it again and it is re-sent with the SAME key: the development mailbox and SMS sink drop it as a
 * duplicate, an SMTP receiver sees the same Message-ID. That window is the only place a message
 * can leave twice.
 */
@Injectable()
export class DeliveryWorker {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly renderer = new HtmlLetterRenderer();
  private reconcileTimer?: NodeJS.Timeout;
  private reconciling?: Promise<number>;

  constructor(
    @Inject(NOTIFICATIONS_DB) private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly queue: DeliveryQueue,
    private readonly ledger: DeliveryLedger,
    private readonly planner: InvitationPlanner,
    private readonly reports: DeliveryReportsService,
    private readonly letters: LetterStore,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    @Inject(INVITATION_CARDS_API) private readonly cards: InvitationCardsApi,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    await this.queue.start((data) =>
      runWithCorrelation({ correlationId: data.correlationId }, async () => {
        await this.process(data.key);
      }),
    );
    await this.reconcile();
    this.reconcileTimer = setInterval(() => void this.reconcile().catch(() => undefined), this.config.TIMER_SWEEP_INTERVAL_MS * RECONCILE_EVERY_SWEEPS);
  }

  /** Stops sending (running jobs finish); the queue stays open for rows committed meanwhile. */
  async stop(): Promise<void> {
    if (this.reconcileTimer) {
      clearInterval(this.reconcileTimer);
    }
    await this.reconciling?.catch(() => undefined);
    await this.queue.stopWorker();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.queue.close();
  }

  /** Re-adds a job for every queued message that nobody holds (same job id: pending jobs are left alone). */
  reconcile(): Promise<number> {
    this.reconciling ??= (async () => {
      const rows = await queryRows<{ idempotency_key: string }>(
        this.ds,
        `SELECT "idempotency_key" FROM "${S}"."deliveries" WHERE "status" = 'queued' AND ("claimed_until" IS NULL OR "claimed_until" <= $1) ORDER BY "created_at" LIMIT 500`,
        [this.clock.now()],
      );
      for (const r of rows) {
        await this.queue.enqueue({ key: r.idempotency_key, correlationId: currentCorrelationId() });
      }
      return rows.length;
    })().finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  /** Processes one message; safe to call twice (concurrently or after a crash). */
  async process(key: string): Promise<DeliveryOutcome> {
    const row = await this.row(key);
    if (!row || row.status !== 'queued') {
      return 'done';
    }
    if (row.claimed_until && new Date(row.claimed_until) > this.clock.now()) {
      return 'busy';
    }
    // Reads from other services happen here, never inside a transaction.
    const message = await this.read(row);
    if (message.skip !== undefined) {
      const reason = message.skip;
      await this.uow.run((scope) => this.settle(scope, row.idempotency_key, 'skipped', reason));
      return 'skipped';
    }
    const organizer = await this.organizer(message.organizerId);
    const attempts = await this.claim(key);
    if (attempts === undefined) {
      return 'busy';
    }
    let result: SendResult;
    try {
      result = await this.send(row, message.input(organizer, this.clock.now()));
    } catch (error) {
      const permanent = error instanceof DeliveryError ? error.permanent : true;
      const code = errorCode(error);
      if (permanent || attempts >= this.config.NOTIFICATIONS_MAX_ATTEMPTS) {
        await this.uow.run((scope) => this.fail(scope, row, message.channels, code));
        return 'failed';
      }
      await this.release(key, code);
      throw new RetryableDeliveryError(code);
    }
    await this.uow.run((scope) => this.succeed(scope, row, result, message.channels));
    return 'sent';
  }

  /** The card of the message (a meeting's or a date poll's) and what to write from it; or why it is no longer worth sending. */
  private async read(row: DeliveryRow): Promise<MessageToSend> {
    if (row.kind === 'poll-invitation') {
      const card = await this.cards.pollCard(row.invitation_id);
      const skip = pollSkipReason(card);
      if (skip !== undefined || !card) {
        return { skip: skip ?? 'invitation-gone' };
      }
      const meeting = pollMeetingOf(card);
      return {
        organizerId: card.organizerId,
        channels: (card.recipient?.channels ?? []) as InvitationChannel[],
        input: (organizer) => ({
          kind: row.kind,
          meeting: { ...meeting, organizer },
          recipient: recipientOf(card),
          poll: { options: card.options.map((o) => ({ start: new Date(o.start), end: new Date(o.end) })), closesAt: new Date(card.closesAt), answerUrl: card.answerUrl },
        }),
      };
    }
    const card = await this.cards.deliveryCard(row.invitation_id);
    const view = await this.view(row.invitation_id);
    const skip = skipReason(row, card);
    if (skip !== undefined || !card) {
      return { skip: skip ?? 'invitation-gone' };
    }
    return {
      organizerId: card.organizerId,
      channels: (card.recipient?.channels ?? []) as InvitationChannel[],
      input: (organizer, now) => {
        const meeting = meetingOf(card, organizer);
        const replyBy = new Date(meeting.start.getTime() - 24 * 3600_000);
        return {
          kind: row.kind,
          meeting,
          recipient: recipientOf(card),
          ...(row.kind !== 'cancellation' ? { links: card.links } : {}),
          ...(row.kind === 'update' && view?.previous_start_at ? { previousStart: new Date(view.previous_start_at) } : {}),
          ...(row.kind === 'no-answer-reminder' && replyBy > now ? { replyBy } : {}),
        };
      },
    };
  }

  private async send(row: DeliveryRow, input: ComposeInput): Promise<SendResult> {
    const now = this.clock.now();
    const fallbackLanguage = this.config.FALLBACK_LANGUAGE;
    if (row.channel === 'email') {
      const composed = composeEmail(input, { uidDomain: mailIdentity(this.config).messageIdDomain, fallbackLanguage, now });
      const sent = await this.email.send({ ...composed, idempotencyKey: row.idempotency_key });
      return { providerMessageId: sent.messageId, language: composed.language, delivered: sent.delivered };
    }
    if (row.channel === 'sms') {
      const composed = composeSms(input, { fallbackLanguage });
      const sent = await this.sms.send({ ...composed, idempotencyKey: row.idempotency_key });
      return { providerMessageId: sent.providerMessageId, language: composed.meta.language, delivered: sent.delivered };
    }
    // Letter or phone call: a printable letter in the person's language, and a task for the coordinator.
    const letter = composeLetter(input, { fallbackLanguage, now, senderOrganisation: this.config.MAIL_FROM_NAME });
    const stored = await this.letters.save(this.renderer.render({ ...letter, idempotencyKey: row.idempotency_key }));
    return { providerMessageId: `letter-${stored.id}`, language: recipientLanguage(input.recipient, fallbackLanguage).language, letter: { id: stored.id, path: stored.path } };
  }

  private async succeed(scope: TransactionScope, row: DeliveryRow, result: SendResult, channels: readonly InvitationChannel[]): Promise<void> {
    const now = this.clock.now();
    const updated = await queryRows(
      scope.manager,
      `UPDATE "${S}"."deliveries" SET "status" = 'sent', "sent_at" = $2, "provider_message_id" = $3, "claimed_until" = NULL, "last_error_code" = NULL
        WHERE "idempotency_key" = $1 AND "status" = 'queued' RETURNING "idempotency_key"`,
      [row.idempotency_key, now, result.providerMessageId.slice(0, 200)],
    );
    if (updated.length === 0) {
      return;
    }
    if (isCoordinatorChannel(row.channel)) {
      await this.ledger.addTask(scope, {
        idempotencyKey: row.idempotency_key,
        caseId: row.case_id,
        invitationId: row.invitation_id,
        concertationId: row.concertation_id,
        sequence: row.sequence,
        kind: row.channel === 'letter' ? 'post-letter' : 'phone-call',
        messageKind: row.kind,
        language: result.language,
        letterId: result.letter?.id,
        letterPath: result.letter?.path,
      });
    }
    await this.ledger.emitDelivery(scope, 'invitation.sent', row, now);
    if (result.delivered) {
      await scope.manager.query(`UPDATE "${S}"."deliveries" SET "delivered_at" = $2 WHERE "idempotency_key" = $1`, [row.idempotency_key, now]);
      await this.ledger.emitDelivery(scope, 'invitation.delivered', row, now);
    } else if (row.channel === 'sms') {
      // The provider's report may have come before its answer to the send.
      await this.reports.applyPending(scope, row.idempotency_key, result.providerMessageId, channels);
    }
    if (row.kind === 'invitation' || row.kind === 'update') {
      await this.planner.invitationLeft(scope, row.invitation_id, row.sequence);
    }
  }

  private async fail(scope: TransactionScope, row: DeliveryRow, channels: InvitationChannel[], code: string): Promise<void> {
    const now = this.clock.now();
    if (!(await this.settle(scope, row.idempotency_key, 'failed', code))) {
      return;
    }
    await this.ledger.emitDelivery(scope, 'invitation.failed', row, now, code);
    await this.ledger.queueFallback(scope, row, channels);
  }

  private async settle(scope: TransactionScope, key: string, status: 'failed' | 'skipped', code: string): Promise<boolean> {
    const rows = await queryRows(
      scope.manager,
      `UPDATE "${S}"."deliveries" SET "status" = $2, "last_error_code" = $3, "claimed_until" = NULL WHERE "idempotency_key" = $1 AND "status" = 'queued' RETURNING "idempotency_key"`,
      [key, status, code.slice(0, 64)],
    );
    return rows.length === 1;
  }

  /** attempts + 1 and a lease, if nobody else holds the row; returns the attempt number. */
  private async claim(key: string): Promise<number | undefined> {
    const now = this.clock.now();
    const rows = await queryRows<{ attempts: number }>(
      this.ds,
      `UPDATE "${S}"."deliveries" SET "attempts" = "attempts" + 1, "claimed_until" = $2
        WHERE "idempotency_key" = $1 AND "status" = 'queued' AND ("claimed_until" IS NULL OR "claimed_until" <= $3) RETURNING "attempts"`,
      [key, new Date(now.getTime() + CLAIM_LEASE_MS), now],
    );
    return rows[0]?.attempts;
  }

  private async release(key: string, code: string): Promise<void> {
    await this.ds.query(`UPDATE "${S}"."deliveries" SET "claimed_until" = NULL, "last_error_code" = $2 WHERE "idempotency_key" = $1 AND "status" = 'queued'`, [key, code.slice(0, 64)]);
  }

  private async row(key: string): Promise<DeliveryRow | undefined> {
    const [row] = await queryRows<DeliveryRow>(this.ds, `SELECT * FROM "${S}"."deliveries" WHERE "idempotency_key" = $1`, [key]);
    return row;
  }

  private async view(invitationId: string): Promise<InvitationViewRow | undefined> {
    const [row] = await queryRows<InvitationViewRow>(this.ds, `SELECT * FROM "${S}"."invitation_view" WHERE "invitation_id" = $1`, [invitationId]);
    return row;
  }

  /** The coordinator who organises the meeting, as invitees see them; the sender address stands in for theirs. */
  private async organizer(organizerId: string): Promise<Organizer> {
    const pro = await this.directory.findProfessional(organizerId).catch(() => undefined);
    return {
      name: pro?.displayName ?? this.config.MAIL_FROM_NAME,
      email: this.config.MAIL_FROM_ADDRESS,
      ...(this.config.COORDINATION_PHONE ? { phone: this.config.COORDINATION_PHONE } : {}),
    };
  }
}

/** Why a queued message is no longer worth sending, if it is not. */
export function skipReason(row: Pick<DeliveryRow, 'kind' | 'sequence'>, card: InvitationDeliveryCard | undefined): string | undefined {
  if (!card) {
    return 'invitation-gone';
  }
  if (!card.recipient) {
    return 'recipient-gone';
  }
  // Written input outlives a new date (scheduling keeps it): its acknowledgement is still true then.
  const inputKept = row.kind === 'written-input-ack' && card.invitationStatus === 'written-input';
  if (card.sequence !== row.sequence && !inputKept) {
    return 'superseded';
  }
  if (row.kind === 'cancellation') {
    return undefined;
  }
  if (card.status === 'cancelled') {
    return 'cancelled';
  }
  const answered = ['accepted', 'declined', 'written-input'].includes(card.invitationStatus);
  if (isMeetingReminder(row.kind) && (card.invitationStatus === 'declined' || card.invitationStatus === 'written-input' || card.recipient.waived)) {
    return 'answered';
  }
  if (row.kind === 'no-answer-reminder' && answered) {
    return 'answered';
  }
  return undefined;
}

/** Why a queued date-poll message is no longer worth sending, if it is not. */
export function pollSkipReason(card: PollInvitationCard | undefined): string | undefined {
  if (!card) {
    return 'invitation-gone';
  }
  if (!card.recipient) {
    return 'recipient-gone';
  }
  return card.status === 'open' ? undefined : 'poll-closed';
}

/** A short code for the failure, safe for logs and events: never an address or a provider's text. */
export function errorCode(error: unknown): string {
  if (error instanceof DeliveryError) {
    return `${error.channel}-${String(error.code ?? 'error')}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 64);
  }
  if (error instanceof Error && /no e-mail address/.test(error.message)) {
    return 'no-email-address';
  }
  if (error instanceof Error && /no phone number/.test(error.message)) {
    return 'no-phone-number';
  }
  if (error instanceof Error && /no longer on the care team/.test(error.message)) {
    return 'recipient-gone';
  }
  return 'compose-error';
}
