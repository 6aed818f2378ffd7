import { randomBytes } from 'node:crypto';
import { appendFile, link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { keyDigest } from './key-digest.js';
import type { EmailSender, EmailSendResult, OutboundEmail } from '../domain/ports.js';
import { type MailIdentity, messageIdFor, toMailOptions } from './mail-options.js';
import { OWNER_ONLY_FILE, ownerOnlyDirectory } from './owner-only-files.js';

export interface DevMailboxEntry {
  id: string;
  idempotencyKey: string;
  messageId: string;
  savedAt: string;
  to: string;
  subject: string;
  language: string;
  calendarMethod?: string;
  file: string;
}

/**
 * The embedded mode's e-mail "server": every message is written as a real .eml file (the same
 * MIME as SMTP would carry; open it with any mail client) into a folder, e.g. DATA_DIR/mailbox,
 * with one line per message in index.jsonl. A message whose idempotency key was already
 * written is not written again. The folder is the owner's only (0700, files 0600).
 */
export class DevMailboxSender implements EmailSender {
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  private ready?: Promise<void>;

  constructor(
    private readonly directory: string,
    private readonly identity: MailIdentity,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: OutboundEmail): Promise<EmailSendResult> {
    await this.ensureDirectory();
    const id = keyDigest(message.idempotencyKey);
    const messageId = messageIdFor(message.idempotencyKey, this.identity.messageIdDomain);
    const file = `${id}.eml`;
    const info = (await this.composer.sendMail(toMailOptions(message, this.identity))) as { message: Buffer };
    // Write under a temporary name, then hard-link: creating the final name is atomic and fails if it exists.
    const tmp = join(this.directory, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(tmp, info.message, { mode: OWNER_ONLY_FILE });
    try {
      await link(tmp, join(this.directory, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        return { messageId, duplicate: true, delivered: true };
      }
      throw error;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    const entry: DevMailboxEntry = {
      id,
      idempotencyKey: message.idempotencyKey,
      messageId,
      savedAt: this.now().toISOString(),
      to: message.to.address,
      subject: message.subject,
      language: message.language,
      calendarMethod: message.calendar?.method,
      file,
    };
    await appendFile(join(this.directory, 'index.jsonl'), JSON.stringify(entry) + '\n', { mode: OWNER_ONLY_FILE });
    return { messageId, duplicate: false, delivered: true };
  }

  /** Every message written so far, oldest first (for a development endpoint or a person reading the folder). */
  async list(): Promise<DevMailboxEntry[]> {
    const text = await readFile(join(this.directory, 'index.jsonl'), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        return '';
      }
      throw error;
    });
    return text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as DevMailboxEntry);
  }

  /** The raw .eml of one message, by the id from the index. */
  async read(id: string): Promise<Buffer | undefined> {
    if (!/^[0-9a-f]{32}$/.test(id)) {
      return undefined;
    }
    return readFile(join(this.directory, `${id}.eml`)).catch(() => undefined);
  }

  private ensureDirectory(): Promise<void> {
    this.ready ??= ownerOnlyDirectory(this.directory, [join(this.directory, 'index.jsonl')]);
    return this.ready;
  }
}
