import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import {
  DIRECTORY_READ_API,
  type DirectoryReadApi,
  INVITATION_CARDS_API,
  type InvitationCardsApi,
  type InvitationDeliveryCard,
  type PollInvitationCard,
} from '#concerto/contracts';
import { CONSENT_WITHDRAWN } from '../../../domain/case-consent.js';
import type { ComposeInput } from '../../../domain/compose-messages.js';
import type { Delivery } from '../../../domain/delivery.js';
import type { MessageKind } from '../../../domain/message-templates.js';
import { type InvitationChannel, isMeetingReminder } from '../../../domain/invitation-planning.js';
import { InvitationViewRepository } from '../../../domain/invitation-view.js';
import type { Organizer } from '../../../domain/meeting.js';
import { meetingOf, pollMeetingOf, recipientOf } from '../../message-input.js';

/** A message read from its card, ready to be composed once the organiser is known; or why it is no longer worth sending. */
export type MessageToSend = { skip: string } | MessageToCompose;

export interface MessageToCompose {
  skip?: undefined;
  organizerId: string;
  /** The invitee's channels, best first: where to go next if this one fails for good. */
  channels: InvitationChannel[];
  input: (organizer: Organizer, now: Date) => ComposeInput;
}

/**
 * Reads what a message needs from scheduling's card (names, contact data, answer links: read per
 * message, never copied into the notifications database) and the organiser from the directory.
 * Called outside any transaction.
 */
@Injectable()
export class MessageReader {
  constructor(
    private readonly views: InvitationViewRepository,
    @Inject(INVITATION_CARDS_API) private readonly cards: InvitationCardsApi,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  /** The card of the message (a meeting's or a date poll's) and what to write from it. */
  async read(d: Delivery & { kind: MessageKind }): Promise<MessageToSend> {
    if (d.kind === 'poll-invitation') {
      const card = await this.cards.pollCard(d.invitationId);
      const skip = pollSkipReason(card);
      if (skip !== undefined || !card) {
        return { skip: skip ?? 'invitation-gone' };
      }
      const meeting = pollMeetingOf(card);
      return {
        organizerId: card.organizerId,
        channels: card.recipient?.channels ?? [],
        input: (organizer) => ({
          kind: d.kind,
          meeting: { ...meeting, organizer },
          recipient: recipientOf(card),
          poll: {
            options: card.options.map((o) => ({ start: new Date(o.start), end: new Date(o.end) })),
            closesAt: new Date(card.closesAt),
            answerUrl: card.answerUrl,
          },
        }),
      };
    }
    const card = await this.cards.deliveryCard(d.invitationId);
    const view = await this.views.find(d.invitationId);
    const skip = skipReason(d, card);
    if (skip !== undefined || !card) {
      return { skip: skip ?? 'invitation-gone' };
    }
    return {
      organizerId: card.organizerId,
      channels: card.recipient?.channels ?? [],
      input: (organizer, now) => {
        const meeting = meetingOf(card, organizer);
        const replyBy = new Date(meeting.start.getTime() - 24 * 3600_000);
        return {
          kind: d.kind,
          meeting,
          recipient: recipientOf(card),
          ...(d.kind !== 'cancellation' ? { links: card.links } : {}),
          ...(card.replyAddress ? { replyAddress: card.replyAddress } : {}),
          ...(d.kind === 'update' && view?.previousStartAt ? { previousStart: view.previousStartAt } : {}),
          ...(d.kind === 'no-answer-reminder' && replyBy > now ? { replyBy } : {}),
        };
      },
    };
  }

  /** The coordinator who organises the meeting, as invitees see them; the sender address stands in for theirs. */
  async organizer(organizerId: string): Promise<Organizer> {
    const pro = await this.directory.findProfessional(organizerId).catch(() => undefined);
    return {
      name: pro?.displayName ?? this.config.MAIL_FROM_NAME,
      email: this.config.MAIL_FROM_ADDRESS,
      ...(this.config.COORDINATION_PHONE ? { phone: this.config.COORDINATION_PHONE } : {}),
    };
  }
}

/** Why a queued message is no longer worth sending, if it is not. */
export function skipReason(
  d: Pick<Delivery, 'sequence'> & { kind: MessageKind },
  card: InvitationDeliveryCard | undefined,
): string | undefined {
  if (!card) {
    return 'invitation-gone';
  }
  if (card.consentWithdrawn) {
    return CONSENT_WITHDRAWN;
  }
  if (!card.recipient) {
    return 'recipient-gone';
  }
  // Written input outlives a new date (scheduling keeps it): its acknowledgement is still true then.
  const inputKept = d.kind === 'written-input-ack' && card.invitationStatus === 'written-input';
  if (card.sequence !== d.sequence && !inputKept) {
    return 'superseded';
  }
  if (d.kind === 'cancellation') {
    return undefined;
  }
  if (card.status === 'cancelled') {
    return 'cancelled';
  }
  const answered = ['accepted', 'declined', 'written-input'].includes(card.invitationStatus);
  if (
    isMeetingReminder(d.kind) &&
    (card.invitationStatus === 'declined' || card.invitationStatus === 'written-input' || card.recipient.waived)
  ) {
    return 'answered';
  }
  if (d.kind === 'no-answer-reminder' && answered) {
    return 'answered';
  }
  return undefined;
}

/** Why a queued date-poll message is no longer worth sending, if it is not. */
export function pollSkipReason(card: PollInvitationCard | undefined): string | undefined {
  if (!card) {
    return 'invitation-gone';
  }
  if (card.consentWithdrawn) {
    return CONSENT_WITHDRAWN;
  }
  if (!card.recipient) {
    return 'recipient-gone';
  }
  return card.status === 'open' ? undefined : 'poll-closed';
}
