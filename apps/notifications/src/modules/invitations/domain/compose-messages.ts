import { formatDate, formatTime } from '#concerto/ddd';
import { buildIcs, type IcsMethod, meetingUid } from './ics-calendar.js';
import { selectLanguage, type ServedLanguage } from './language.js';
import { type MeetingDetails, type Recipient, type RecipientLanguage, type Register, registerFor } from './meeting.js';
import {
  meetingTimeVars,
  type MessageKind,
  renderMessage,
  renderSnippet,
  type TemplateVars,
} from './message-templates.js';
import type { LetterContent, OutboundEmail, OutboundSms } from './ports.js';
import { toGsm7 } from './sms-segments.js';

/**
 * Turns a meeting, one recipient and a message kind into ready-to-send messages: the text in
 * the recipient's language and register, the calendar object, and a stable idempotency key.
 */

export type Channel = 'email' | 'sms' | 'letter';

export interface ComposeOptions {
  /** Right-hand side of calendar UIDs, e.g. the public host name: "concerto.example.be". */
  uidDomain: string;
  /** Language used when the recipient's language is not served; French unless configured. */
  fallbackLanguage?: ServedLanguage;
  /** DTSTAMP of the calendar object. */
  now: Date;
}

export interface ComposeInput {
  kind: MessageKind;
  meeting: MeetingDetails;
  recipient: Recipient;
  /** Answer links for this recipient and this meeting version (see RsvpLinkSigner.links). */
  links?: { acceptUrl: string; declineUrl: string; writtenInputUrl: string };
  /** For an update: when the meeting was planned before. */
  previousStart?: Date;
  /** For a reminder without answer: answer before this date. */
  replyBy?: Date;
  /** For a date poll: the proposed dates, the closing date and the signed link to the answer form. */
  poll?: PollDetails;
  /**
   * This invitation's own reply address (`reply+<opaque id>@<domain>`), when the engine listens
   * for calendar answers: the ORGANIZER of the calendar object, so the invitee's Accept/Decline
   * buttons send their iTIP REPLY to the engine rather than to the no-reply sender (ADR 0023).
   */
  replyAddress?: string;
}

export interface PollDetails {
  options: ReadonlyArray<{ start: Date; end: Date }>;
  closesAt: Date;
  answerUrl?: string;
}

/** One numbered line per proposed date, in the recipient's language and Brussels time, in the order the form asks them. */
export function pollOptionLines(options: PollDetails['options'], language: ServedLanguage): string {
  return options
    .map(
      (o, i) =>
        `${i + 1}. ${formatDate(o.start, language)}, ${formatTime(o.start, language)} – ${formatTime(o.end, language)}`,
    )
    .join('\n');
}

export interface ComposedMeta extends RecipientLanguage {
  kind: MessageKind;
  channel: Channel;
}

/** The calendar method a kind of message carries, if any. */
export function calendarMethodFor(kind: MessageKind): IcsMethod | undefined {
  return kind === 'invitation' || kind === 'update' ? 'REQUEST' : kind === 'cancellation' ? 'CANCEL' : undefined;
}

/** Same message, same key: one kind, one channel, one meeting version, one invitation. */
export function idempotencyKey(
  kind: MessageKind,
  channel: Channel,
  meeting: Pick<MeetingDetails, 'meetingId' | 'sequence'>,
  invitationId: string,
): string {
  return `${kind}:${channel}:${meeting.meetingId}:${meeting.sequence}:${invitationId}`;
}

export function recipientLanguage(recipient: Recipient, fallback: ServedLanguage = 'fr'): RecipientLanguage {
  const choice = selectLanguage(recipient.preferredLanguage, fallback);
  return { ...choice, interpreterNeeded: choice.interpreterNeeded || recipient.interpreterNeeded === true };
}

function vars(input: ComposeInput, lang: RecipientLanguage, withLinks: boolean): TemplateVars {
  const { meeting, recipient } = input;
  const register = registerFor(recipient.audience);
  const v: TemplateVars = {
    recipientName: recipient.name,
    ...meetingTimeVars(meeting.start, meeting.end, lang.language),
    location: meeting.location.label,
    locationAddress: meeting.location.address,
    meetingLink: meeting.location.url,
    organizerName: meeting.organizer.name,
    organizerPhone: meeting.organizer.phone,
    organizerEmail: meeting.organizer.email,
    previousDate: input.previousStart ? formatDate(input.previousStart, lang.language) : undefined,
    previousStartTime: input.previousStart ? formatTime(input.previousStart, lang.language) : undefined,
    replyBy: input.replyBy ? formatDate(input.replyBy, lang.language) : undefined,
    interpreterNote: lang.interpreterNeeded ? renderSnippet(lang.language, register, 'interpreterNote', {}) : undefined,
  };
  if (input.poll) {
    v.pollOptions = pollOptionLines(input.poll.options, lang.language);
    v.closesOn = `${formatDate(input.poll.closesAt, lang.language)}, ${formatTime(input.poll.closesAt, lang.language)}`;
  }
  if (withLinks && input.links) {
    Object.assign(v, input.links);
  }
  if (withLinks && input.poll?.answerUrl) {
    v.pollUrl = input.poll.answerUrl;
  }
  return v;
}

function calendarDescription(input: ComposeInput, language: ServedLanguage, register: Register): string {
  const v: TemplateVars = {
    organizerName: input.meeting.organizer.name,
    organizerPhone: input.meeting.organizer.phone,
  };
  return [
    renderSnippet(language, register, 'calendarDescription', v),
    input.meeting.organizer.phone ? renderSnippet(language, register, 'answerByPhone', v) : undefined,
  ]
    .filter(Boolean)
    .join('\n');
}

export function composeEmail(input: ComposeInput, opts: ComposeOptions): OutboundEmail & { meta: ComposedMeta } {
  const { recipient, meeting, kind } = input;
  if (!recipient.email) {
    throw new Error('The recipient has no e-mail address');
  }
  const lang = recipientLanguage(recipient, opts.fallbackLanguage);
  const register = registerFor(recipient.audience);
  const rendered = renderMessage(kind, register, lang.language, vars(input, lang, true));
  const method = calendarMethodFor(kind);
  const calendar = method
    ? {
        method,
        content: buildIcs({
          method,
          uid: meetingUid(meeting.meetingId, opts.uidDomain),
          sequence: meeting.sequence,
          dtstamp: opts.now,
          start: meeting.start,
          end: meeting.end,
          summary: renderSnippet(lang.language, register, 'calendarSummary', {}) ?? '',
          // Neutral, without answer links: a calendar entry is seen by delegates and shared calendars.
          description: calendarDescription(input, lang.language, register),
          location: [meeting.location.label, meeting.location.address].filter(Boolean).join(', '),
          url: meeting.location.url,
          organizer: { name: meeting.organizer.name, email: input.replyAddress ?? meeting.organizer.email },
          // Only this recipient: invitees do not see each other's addresses (informal helpers stay private).
          attendees: [{ name: recipient.name, email: recipient.email, required: recipient.required }],
        }),
      }
    : undefined;
  return {
    idempotencyKey: idempotencyKey(kind, 'email', meeting, recipient.invitationId),
    to: { name: recipient.name, address: recipient.email },
    replyTo: { name: meeting.organizer.name, address: meeting.organizer.email },
    subject: rendered.subject,
    text: rendered.text,
    language: lang.language,
    calendar,
    meta: { ...lang, kind, channel: 'email' },
  };
}

export function composeSms(
  input: ComposeInput,
  opts: Pick<ComposeOptions, 'fallbackLanguage'>,
): OutboundSms & { meta: ComposedMeta } {
  const { recipient, meeting, kind } = input;
  if (!recipient.phone) {
    throw new Error('The recipient has no phone number');
  }
  const lang = recipientLanguage(recipient, opts.fallbackLanguage);
  const rendered = renderMessage(kind, registerFor(recipient.audience), lang.language, vars(input, lang, true));
  return {
    idempotencyKey: idempotencyKey(kind, 'sms', meeting, recipient.invitationId),
    to: recipient.phone,
    // One typographic apostrophe would switch the whole text to UCS-2 and more than double its cost.
    text: toGsm7(rendered.sms),
    meta: { ...lang, kind, channel: 'sms' },
  };
}

/**
 * A letter for someone without e-mail or mobile phone: the same text without links, plus how
 * to answer by phone. The coordinator prints and posts it, or reads it out on the phone.
 */
export function composeLetter(
  input: ComposeInput,
  opts: Pick<ComposeOptions, 'fallbackLanguage' | 'now'> & {
    senderOrganisation?: string;
    senderAddressLines?: string[];
  },
): LetterContent & { meta: ComposedMeta } {
  const { recipient, meeting, kind } = input;
  const lang = recipientLanguage(recipient, opts.fallbackLanguage);
  const register = registerFor(recipient.audience);
  const v = vars(input, lang, false);
  const rendered = renderMessage(kind, register, lang.language, v);
  const lines = rendered.text.trimEnd().split('\n');
  const answer =
    ['invitation', 'update', 'no-answer-reminder', 'poll-invitation'].includes(kind) && meeting.organizer.phone
      ? renderSnippet(lang.language, register, 'answerByPhone', v)
      : undefined;
  if (answer) {
    // before the closing lines ("Merci." and the signature)
    const closing = lines.lastIndexOf('');
    lines.splice(closing >= 0 ? closing : lines.length, 0, '', answer);
  }
  return {
    idempotencyKey: idempotencyKey(kind, 'letter', meeting, recipient.invitationId),
    language: lang.language,
    register,
    recipientName: recipient.name,
    postalAddress: recipient.postalAddress,
    sender: {
      name: meeting.organizer.name,
      organisation: opts.senderOrganisation,
      phone: meeting.organizer.phone,
      addressLines: opts.senderAddressLines,
    },
    date: opts.now,
    subject: rendered.subject,
    lines,
    meta: { ...lang, kind, channel: 'letter' },
  };
}
