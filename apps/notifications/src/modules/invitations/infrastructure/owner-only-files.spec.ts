import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevMailboxSender } from './dev-mailbox.sender.js';
import { DevSmsSink } from './dev-sms.sink.js';
import { LetterStore } from './letter-store.js';

const mode = async (path: string) => (await stat(path)).mode & 0o777;

/** Issue 14: what the development sinks write holds names, addresses and live answer links. */
describe('development sinks write owner-only files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concerto-owner-only-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function everyMode(root: string): Promise<Array<[string, number]>> {
    const out: Array<[string, number]> = [[root, await mode(root)]];
    for (const name of await readdir(root, { recursive: true })) {
      out.push([name, await mode(join(root, name))]);
    }
    return out;
  }

  it('should keep e-mails, text messages and letters in 0700 folders as 0600 files', async () => {
    const mailboxDir = join(dir, 'data', 'mailbox');
    await new DevMailboxSender(mailboxDir, {
      from: { name: 'Concerto', address: 'no-reply@concerto.test' },
      messageIdDomain: 'concerto.test',
    }).send({
      idempotencyKey: 'invitation:email:m1:0:i1',
      to: { name: 'Jan', address: 'jan@example.test' },
      subject: 'Invitation',
      text: 'Bonjour.',
      language: 'fr',
    });
    await new DevSmsSink(join(mailboxDir, 'sms')).send({
      idempotencyKey: 'invitation:sms:m1:0:i1',
      to: '+32470123456',
      text: 'Bonjour.',
    });
    await new LetterStore(mailboxDir).save({
      idempotencyKey: 'invitation:letter:m1:0:i1',
      contentType: 'text/html; charset=utf-8',
      filename: `letter-${'a'.repeat(32)}.html`,
      body: '<p>Rue de la Paix 1</p>',
    });
    const modes = await everyMode(mailboxDir);
    expect(modes.length).toBeGreaterThanOrEqual(6); // the folder, the .eml, its index, sms/, its file, letters/, a letter
    for (const [path, m] of modes) {
      const isDir = (await stat(path === mailboxDir ? path : join(mailboxDir, path))).isDirectory();
      expect([path, m.toString(8)]).toEqual([path, isDir ? '700' : '600']);
    }
    // Missing parents were created owner-only too.
    expect(await mode(join(dir, 'data'))).toBe(0o700);
  });

  it('should narrow a folder and its files left wider by an earlier version', async () => {
    const smsDir = join(dir, 'sms');
    await mkdir(smsDir, { mode: 0o755 });
    await chmod(smsDir, 0o755);
    await writeFile(join(smsDir, 'messages.jsonl'), '', { mode: 0o644 });
    await chmod(join(smsDir, 'messages.jsonl'), 0o644);
    await new DevSmsSink(smsDir).send({ idempotencyKey: 'k', to: '+32470123456', text: 'x' });
    expect(await mode(smsDir)).toBe(0o700);
    expect(await mode(join(smsDir, 'messages.jsonl'))).toBe(0o600);
  });
});
