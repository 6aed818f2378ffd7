import { randomBytes } from 'node:crypto';
import { link, readFile, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LetterArchive } from '../domain/letter-archive.js';
import type { RenderedLetter } from '../domain/ports.js';
import { OWNER_ONLY_FILE, ownerOnlyDirectory } from './owner-only-files.js';

export interface StoredLetter {
  /** The digest of the idempotency key: the letter's id. */
  id: string;
  /** Path relative to the mailbox folder, e.g. "letters/letter-<id>.html". */
  path: string;
}

const LETTER_FILE = /^letter-([0-9a-f]{32})\.(html|txt)$/;

/**
 * Printable letters, one file per message under MAILBOX_DIR/letters, for the coordinator to
 * print and post (or read out on the phone). A letter whose key was already written is kept as
 * it is: the first version wins, so a retried job never produces a second, different letter.
 * Letters hold names and addresses: 0600 files in a 0700 folder.
 */
export class LetterStore implements LetterArchive {
  constructor(private readonly mailboxDir: string) {}

  get directory(): string {
    return join(this.mailboxDir, 'letters');
  }

  async save(letter: RenderedLetter): Promise<StoredLetter & { duplicate: boolean }> {
    const match = LETTER_FILE.exec(letter.filename);
    if (!match) {
      throw new Error('Unexpected letter file name');
    }
    await ownerOnlyDirectory(this.directory);
    const tmp = join(this.directory, `.${match[1]}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(tmp, letter.body, { mode: OWNER_ONLY_FILE });
    let duplicate = false;
    try {
      await link(tmp, join(this.directory, letter.filename));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      duplicate = true;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    return { id: match[1], path: `letters/${letter.filename}`, duplicate };
  }

  async read(id: string): Promise<{ contentType: string; body: Buffer } | undefined> {
    if (!/^[0-9a-f]{32}$/.test(id)) {
      return undefined;
    }
    for (const [ext, contentType] of [
      ['html', 'text/html; charset=utf-8'],
      ['txt', 'text/plain; charset=utf-8'],
    ] as const) {
      const body = await readFile(join(this.directory, `letter-${id}.${ext}`)).catch(() => undefined);
      if (body) {
        return { contentType, body };
      }
    }
    return undefined;
  }

  async list(): Promise<Array<{ id: string; file: string; savedAt: string }>> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    const out: Array<{ id: string; file: string; savedAt: string }> = [];
    for (const name of names.sort()) {
      const m = LETTER_FILE.exec(name);
      if (m) {
        const s = await stat(join(this.directory, name));
        out.push({ id: m[1], file: `letters/${name}`, savedAt: s.mtime.toISOString() });
      }
    }
    return out.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
  }
}
