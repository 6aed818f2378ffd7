import type { IcsMethod } from './ics-calendar.js';
import type { ServedLanguage } from './language.js';
import type { PostalAddress, Register } from './meeting.js';

/**
 * Channel ports. Every outgoing message carries an idempotency key, the same for every retry of
 * the same message (e.g. "invitation:<meetingId>:<sequence>:<invitationId>"), so adapters and
 * recipients can recognise a repeat. Keys hold ids only.
 */

export interface OutboundEmail {
  idempotencyKey: string;
  to: { name?: string; address: string };
  /** Where e-mail replies go: the organiser, not the no-reply sender. */
  replyTo?: { name?: string; address: string };
  subject: string;
  text: string;
  html?: string;
  /** Content-Language of the message. */
  language: ServedLanguage;
  /** iCalendar object sent as the text/calendar alternative and as invite.ics. */
  calendar?: { method: IcsMethod; content: string };
}

export interface EmailSendResult {
  /** The Message-ID header, derived from the idempotency key. */
  messageId: string;
  /** True when the adapter knows this key was already delivered and did not send again. */
  duplicate: boolean;
  /**
   * True when accepting the message is delivering it (the development mailbox is the recipient's
   * mailbox). An SMTP relay's acceptance is not delivery: plain SMTP gives no confirmation back.
   */
  delivered?: boolean;
}

export interface EmailSender {
  send(message: OutboundEmail): Promise<EmailSendResult>;
}

export interface OutboundSms {
  idempotencyKey: string;
  /** E.164, e.g. +32470123456. */
  to: string;
  text: string;
}

export interface SmsSendResult {
  /** The provider's id for the message, or the sink's. */
  providerMessageId: string;
  duplicate: boolean;
  /** True when accepting is delivering (the development sink); a provider confirms later through its delivery report. */
  delivered?: boolean;
}

export interface SmsSender {
  send(message: OutboundSms): Promise<SmsSendResult>;
}

/** A delivery that failed; `permanent` tells a retrying job to stop (bad address, refused) or to try again later. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly channel: 'email' | 'sms',
    readonly permanent: boolean,
    readonly code?: string | number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface LetterContent {
  idempotencyKey: string;
  language: ServedLanguage;
  register: Register;
  recipientName: string;
  postalAddress?: PostalAddress;
  /** Sender block: the coordinator and the organisation. */
  sender: { name: string; organisation?: string; phone?: string; addressLines?: string[] };
  /** Date of the letter (shown in the recipient's language). */
  date: Date;
  subject: string;
  /** Lines of the message, as rendered from the templates without links. */
  lines: string[];
}

export interface RenderedLetter {
  idempotencyKey: string;
  contentType: 'text/html; charset=utf-8' | 'text/plain; charset=utf-8';
  filename: string;
  body: string;
}

export interface LetterRenderer {
  render(letter: LetterContent): RenderedLetter;
}
