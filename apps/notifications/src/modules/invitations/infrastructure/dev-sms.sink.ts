import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keyDigest } from './key-digest.js';
import type { OutboundSms, SmsSender, SmsSendResult } from '../domain/ports.js';
import { OWNER_ONLY_FILE, ownerOnlyDirectory } from './owner-only-files.js';

export interface DevSmsEntry {
  id: string;
  idempotencyKey: string;
  savedAt: string;
  to: string;
  text: string;
}

/**
 * The embedded mode's text-message "provider": each message becomes one JSON line in
 * DATA_DIR/sms/messages.jsonl, readable by a person or a development endpoint. A message whose
 * idempotency key was already written is not written again. One process at a time. The file
 * holds live answer links: it is the owner's only (0600 in a 0700 folder).
 */
export class DevSmsSink implements SmsSender {
  private known?: Promise<Set<string>>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly directory: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get file(): string {
    return join(this.directory, 'messages.jsonl');
  }

  send(message: OutboundSms): Promise<SmsSendResult> {
    // one write at a time, so two sends of the same key cannot both pass the check
    const result = this.queue.then(() => this.write(message));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async list(): Promise<DevSmsEntry[]> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        return '';
      }
      throw error;
    });
    return text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as DevSmsEntry);
  }

  private async write(message: OutboundSms): Promise<SmsSendResult> {
    const known = await this.loadKnown();
    const id = keyDigest(message.idempotencyKey);
    if (known.has(message.idempotencyKey)) {
      return { providerMessageId: `dev-${id}`, duplicate: true, delivered: true };
    }
    const entry: DevSmsEntry = {
      id,
      idempotencyKey: message.idempotencyKey,
      savedAt: this.now().toISOString(),
      to: message.to,
      text: message.text,
    };
    await appendFile(this.file, JSON.stringify(entry) + '\n', { mode: OWNER_ONLY_FILE });
    known.add(message.idempotencyKey);
    return { providerMessageId: `dev-${id}`, duplicate: false, delivered: true };
  }

  private loadKnown(): Promise<Set<string>> {
    this.known ??= ownerOnlyDirectory(this.directory, [this.file])
      .then(() => this.list())
      .then((entries) => new Set(entries.map((e) => e.idempotencyKey)));
    return this.known;
  }
}
