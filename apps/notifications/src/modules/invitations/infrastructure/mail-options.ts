import type { SendMailOptions } from 'nodemailer';
import { keyDigest } from './key-digest.js';
import type { OutboundEmail } from '../domain/ports.js';

export interface MailIdentity {
  /** The sender shown to recipients, e.g. { name: 'Concerto – Bassin Nord', address: 'no-reply@concerto.example.be' }. */
  from: { name: string; address: string };
  /** Right-hand side of Message-IDs, usually the sending domain. */
  messageIdDomain: string;
}

/** Message-ID derived from the idempotency key: a retried send carries the same id, so it can be recognised. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${keyDigest(idempotencyKey)}.concerto@${domain}>`;
}

/**
 * One MIME layout for every e-mail adapter (SMTP and the development mailbox):
 * multipart/mixed [ multipart/alternative [ text/plain, (text/html), text/calendar; method=… ],
 * application/ics "invite.ics" ] — the layout Google Calendar itself sends, which Outlook,
 * Apple Mail and Thunderbird all turn into an invitation with answer buttons.
 */
export function toMailOptions(message: OutboundEmail, identity: MailIdentity): SendMailOptions {
  const options: SendMailOptions = {
    from: { name: identity.from.name, address: identity.from.address },
    to: [{ name: message.to.name ?? '', address: message.to.address }],
    subject: message.subject,
    text: message.text,
    messageId: messageIdFor(message.idempotencyKey, identity.messageIdDomain),
    headers: {
      'Content-Language': message.language,
      // RFC 3834: no vacation auto-replies to automatic messages
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
    },
  };
  if (message.replyTo) {
    options.replyTo = { name: message.replyTo.name ?? '', address: message.replyTo.address };
  }
  if (message.html) {
    options.html = message.html;
  }
  if (message.calendar) {
    options.icalEvent = { method: message.calendar.method, filename: 'invite.ics', content: message.calendar.content };
  }
  return options;
}
