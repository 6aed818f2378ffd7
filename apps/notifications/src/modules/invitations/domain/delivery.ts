import type { InvitationChannel } from './invitation-planning.js';
import type { MessageKind } from './message-templates.js';

/**
 * A message of an invitation, a page to a coordinator (its "invitation" id is the page's id, its
 * "meeting" id the case's), or a reporter's feedback on their case (its "invitation" id the feedback's).
 */
export type DeliveryKind = MessageKind | 'page' | 'case-feedback' | 'action-item' | 'record-summary' | 'person-link';

/** Messages about the follow-up of a concertation (issue 17): their row is a follow-up message, never an invitation. */
export function isFollowUpMessage(kind: DeliveryKind): kind is 'action-item' | 'record-summary' | 'person-link' {
  return kind === 'action-item' || kind === 'record-summary' || kind === 'person-link';
}

/**
 * Pages and reporters' feedback go to professionals and name nobody: the person's consent does not
 * stop them (a refused consent keeps the case in restricted mode, reporter and coordinator, R06),
 * they leave no invitation event, and they have no next channel to fall back on.
 */
export function isCaseMessage(kind: DeliveryKind): kind is 'page' | 'case-feedback' | 'action-item' {
  // An action item's owner, referent or coordinator is told about their own work, naming nobody.
  return kind === 'page' || kind === 'case-feedback' || kind === 'action-item';
}

export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'skipped' | 'cancelled';

/** One message to one invitee on one channel: ids only, never a name or an address. */
export interface Delivery {
  idempotencyKey: string;
  invitationId: string;
  concertationId: string;
  caseId: string;
  sequence: number;
  kind: DeliveryKind;
  channel: InvitationChannel;
  status: DeliveryStatus;
  attempts: number;
  claimedUntil?: Date;
  providerMessageId?: string;
}

export interface NewDelivery {
  invitationId: string;
  concertationId: string;
  caseId: string;
  sequence: number;
  kind: DeliveryKind;
  channel: InvitationChannel;
}

/** "<kind>:<channel>:<meeting id>:<sequence>:<invitation id>": ids only, stable across retries (the composers' idempotencyKey format, phone calls included). */
export function deliveryKey(
  d: Pick<NewDelivery, 'kind' | 'channel' | 'concertationId' | 'sequence' | 'invitationId'>,
): string {
  return `${d.kind}:${d.channel}:${d.concertationId}:${d.sequence}:${d.invitationId}`;
}

/** A delivery as the events about it name it. */
export type DeliveryRef = Pick<
  Delivery,
  'idempotencyKey' | 'invitationId' | 'concertationId' | 'caseId' | 'sequence' | 'kind' | 'channel'
>;

/**
 * The deliveries ledger. Its key is the message's idempotency key, so recording the same message
 * twice (a redelivered event, a re-fired timer) is a no-op. Writes join the ambient transaction;
 * claim and release are short statements of their own, made outside any transaction.
 */
export abstract class DeliveryRepository {
  abstract find(key: string): Promise<Delivery | undefined>;
  /** The SMS whose provider gave it this id. */
  abstract findSmsByProviderId(providerMessageId: string): Promise<Delivery | undefined>;
  /** Records a queued message; false when it was already recorded. */
  abstract record(delivery: NewDelivery & { idempotencyKey: string }, at: Date): Promise<boolean>;
  /** attempts + 1 and a lease until `leaseUntil`, if nobody holds the queued row; the attempt number, or undefined. */
  abstract claim(key: string, now: Date, leaseUntil: Date): Promise<number | undefined>;
  /** Gives the lease back after a transient failure (the job is retried). */
  abstract release(key: string, code: string): Promise<void>;
  /** Queued → sent; false when the row was not queued any more. */
  abstract markSent(key: string, at: Date, providerMessageId: string): Promise<boolean>;
  /** Queued → failed, skipped or cancelled (with its reason); false when the row was not queued any more. */
  abstract settle(key: string, status: 'failed' | 'skipped' | 'cancelled', code: string): Promise<boolean>;
  /** The messages of a case still waiting to leave. */
  abstract queuedOfCase(caseId: string): Promise<Delivery[]>;
  /** A sent message confirmed delivered (once); the delivery, or undefined. */
  abstract markDelivered(key: string, at: Date): Promise<Delivery | undefined>;
  /** A sent message the network could not deliver (sent → failed, once); the delivery, or undefined. */
  abstract markUndelivered(key: string, code: string): Promise<Delivery | undefined>;
  /** The channels already tried for this message kind of this invitation version. */
  abstract channelsTried(
    invitationId: string,
    sequence: number,
    kind: DeliveryRef['kind'],
  ): Promise<InvitationChannel[]>;
  /** The invitation (or update) messages of this invitation version, oldest first. */
  abstract invitationAttempts(
    invitationId: string,
    sequence: number,
  ): Promise<Array<{ channel: InvitationChannel; status: DeliveryStatus }>>;
  /** Keys of queued messages that nobody holds (their job may be lost). */
  abstract unclaimedQueued(now: Date, limit: number): Promise<string[]>;
}
