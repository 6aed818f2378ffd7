import { Inject, Injectable, Optional } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { AppException } from '#concerto/ddd';
import { devMailboxEnabled } from '../infrastructure/channel-adapters.js';
import { DevMailboxSender } from '../infrastructure/dev-mailbox.sender.js';
import { DevSmsSink } from '../infrastructure/dev-sms.sink.js';
import { LetterStore } from '../infrastructure/letter-store.js';

export interface DevMailboxItem {
  id: string;
  type: 'email' | 'sms' | 'letter';
  savedAt: string;
  to?: string;
  subject?: string;
  language?: string;
  calendarMethod?: string;
  /** SMS only: the text as sent. */
  text?: string;
  /** Where it is under MAILBOX_DIR. */
  file?: string;
}

/**
 * What the development sinks captured (embedded mode, no SMTP relay): e-mails as .eml files,
 * text messages, printable letters, so a person can read what the engine sent.
 */
@Injectable()
export class DevMailboxService {
  constructor(
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    private readonly letters: LetterStore,
    @Optional() private readonly mailbox?: DevMailboxSender,
    @Optional() private readonly sms?: DevSmsSink,
  ) {}

  get enabled(): boolean {
    return devMailboxEnabled(this.config) && !!this.mailbox;
  }

  async list(): Promise<{ items: DevMailboxItem[] }> {
    this.requireEnabled();
    const emails = (await this.mailbox!.list()).map(
      (e): DevMailboxItem => ({ id: e.id, type: 'email', savedAt: e.savedAt, to: e.to, subject: e.subject, language: e.language, calendarMethod: e.calendarMethod, file: e.file }),
    );
    const texts = ((await this.sms?.list()) ?? []).map((s): DevMailboxItem => ({ id: s.id, type: 'sms', savedAt: s.savedAt, to: s.to, text: s.text, file: 'sms/messages.jsonl' }));
    const letters = (await this.letters.list()).map((l): DevMailboxItem => ({ id: l.id, type: 'letter', savedAt: l.savedAt, file: l.file }));
    return { items: [...emails, ...texts, ...letters].sort((a, b) => a.savedAt.localeCompare(b.savedAt)) };
  }

  /** The raw message: an e-mail as message/rfc822, a letter as HTML, a text message as JSON. */
  async read(id: string): Promise<{ contentType: string; body: Buffer | string }> {
    this.requireEnabled();
    const eml = await this.mailbox!.read(id);
    if (eml) {
      return { contentType: 'message/rfc822', body: eml };
    }
    const text = ((await this.sms?.list()) ?? []).find((s) => s.id === id);
    if (text) {
      return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(text) };
    }
    const letter = await this.letters.read(id);
    if (letter) {
      return letter;
    }
    throw new AppException('MESSAGE_NOT_FOUND', 'not-found', 'No such message in the development mailbox.');
  }

  private requireEnabled(): void {
    if (!this.enabled) {
      throw new AppException('NOT_FOUND', 'not-found', 'The development mailbox exists only in the embedded mode without SMTP_URL.');
    }
  }
}
