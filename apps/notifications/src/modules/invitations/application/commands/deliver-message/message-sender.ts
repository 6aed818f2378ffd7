import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import {
  EMAIL_SENDER,
  LETTER_RENDERER,
  MAIL_IDENTITY,
  type MessageIdentity,
  SMS_SENDER,
} from '../../../../../notifications.tokens.js';
import {
  composeEmail,
  type ComposeInput,
  composeLetter,
  composeSms,
  recipientLanguage,
} from '../../../domain/compose-messages.js';
import type { Delivery } from '../../../domain/delivery.js';
import { LetterArchive } from '../../../domain/letter-archive.js';
import { DeliveryError, type EmailSender, type LetterRenderer, type SmsSender } from '../../../domain/ports.js';

export interface SendResult {
  providerMessageId: string;
  /** The channel confirmed delivery on acceptance (development sinks). */
  delivered?: boolean;
  language: string;
  letter?: { id: string; path: string };
}

/** Composes one message in the invitee's language and hands it to its channel, the idempotency key as the channel's own. */
@Injectable()
export class MessageSender {
  constructor(
    @Inject(EMAIL_SENDER) private readonly email: EmailSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    @Inject(LETTER_RENDERER) private readonly renderer: LetterRenderer,
    @Inject(MAIL_IDENTITY) private readonly identity: MessageIdentity,
    private readonly letters: LetterArchive,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async send(d: Pick<Delivery, 'channel' | 'idempotencyKey'>, input: ComposeInput): Promise<SendResult> {
    const now = this.clock.now();
    const fallbackLanguage = this.config.FALLBACK_LANGUAGE;
    if (d.channel === 'email') {
      const composed = composeEmail(input, { uidDomain: this.identity.messageIdDomain, fallbackLanguage, now });
      const sent = await this.email.send({ ...composed, idempotencyKey: d.idempotencyKey });
      return { providerMessageId: sent.messageId, language: composed.language, delivered: sent.delivered };
    }
    if (d.channel === 'sms') {
      const composed = composeSms(input, { fallbackLanguage });
      const sent = await this.sms.send({ ...composed, idempotencyKey: d.idempotencyKey });
      return { providerMessageId: sent.providerMessageId, language: composed.meta.language, delivered: sent.delivered };
    }
    // Letter or phone call: a printable letter in the person's language, and a task for the coordinator.
    const letter = composeLetter(input, { fallbackLanguage, now, senderOrganisation: this.config.MAIL_FROM_NAME });
    const stored = await this.letters.save(this.renderer.render({ ...letter, idempotencyKey: d.idempotencyKey }));
    return {
      providerMessageId: `letter-${stored.id}`,
      language: recipientLanguage(input.recipient, fallbackLanguage).language,
      letter: { id: stored.id, path: stored.path },
    };
  }
}

/** A short code for the failure, safe for logs and events: never an address or a provider's text. */
export function errorCode(error: unknown): string {
  if (error instanceof DeliveryError) {
    return `${error.channel}-${String(error.code ?? 'error')}`
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, 64);
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
