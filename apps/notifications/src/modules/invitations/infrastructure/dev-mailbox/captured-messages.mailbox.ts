import { Inject, Injectable, Optional } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { type CapturedMessage, DevMailbox } from '../../application/ports/dev-mailbox.port.js';
import { devMailboxEnabled } from '../channel-adapters.js';
import { DevMailboxSender } from '../dev-mailbox.sender.js';
import { DevSmsSink } from '../dev-sms.sink.js';
import { LetterStore } from '../letter-store.js';

/** The development mailbox over the files the development sinks write (e-mails, the SMS log, letters). */
@Injectable()
export class CapturedMessagesMailbox extends DevMailbox {
  constructor(
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    private readonly letters: LetterStore,
    @Optional() private readonly mailbox?: DevMailboxSender,
    @Optional() private readonly sms?: DevSmsSink,
  ) {
    super();
  }

  get enabled(): boolean {
    return devMailboxEnabled(this.config) && !!this.mailbox;
  }

  async list(): Promise<CapturedMessage[]> {
    const emails = ((await this.mailbox?.list()) ?? []).map((e): CapturedMessage => ({
      id: e.id,
      idempotencyKey: e.idempotencyKey,
      type: 'email',
      savedAt: e.savedAt,
      to: e.to,
      subject: e.subject,
      language: e.language,
      calendarMethod: e.calendarMethod,
      file: e.file,
    }));
    const texts = ((await this.sms?.list()) ?? []).map((s): CapturedMessage => ({
      id: s.id,
      idempotencyKey: s.idempotencyKey,
      type: 'sms',
      savedAt: s.savedAt,
      to: s.to,
      text: s.text,
      file: 'sms/messages.jsonl',
    }));
    const letters = (await this.letters.list()).map((l): CapturedMessage => ({
      id: l.id,
      type: 'letter',
      savedAt: l.savedAt,
      file: l.file,
    }));
    return [...emails, ...texts, ...letters].sort((a, b) => a.savedAt.localeCompare(b.savedAt));
  }

  async read(id: string): Promise<{ contentType: string; body: Buffer | string } | undefined> {
    const eml = await this.mailbox?.read(id);
    if (eml) {
      return { contentType: 'message/rfc822', body: eml };
    }
    const text = ((await this.sms?.list()) ?? []).find((s) => s.id === id);
    if (text) {
      return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(text) };
    }
    return this.letters.read(id);
  }
}
