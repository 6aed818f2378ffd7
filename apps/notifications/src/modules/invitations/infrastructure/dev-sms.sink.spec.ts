import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevSmsSink } from './dev-sms.sink.js';

describe('development text-message sink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concerto-sms-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should keep each message once per idempotency key, also after a restart', async () => {
    const sink = new DevSmsSink(join(dir, 'sms'), () => new Date('2026-10-01T10:00:00Z'));
    const message = { idempotencyKey: 'invitation:sms:m1:0:i1', to: '+32470123456', text: 'Bonjour.' };
    const results = await Promise.all([sink.send(message), sink.send(message)]);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    await sink.send({ ...message, idempotencyKey: 'reminder-2h:sms:m1:0:i1', text: 'La réunion commence.' });

    const restarted = new DevSmsSink(join(dir, 'sms'));
    expect((await restarted.send(message)).duplicate).toBe(true);
    const entries = await restarted.list();
    expect(entries.map((e) => e.text)).toEqual(['Bonjour.', 'La réunion commence.']);
    expect(entries[0]).toMatchObject({ to: '+32470123456', savedAt: '2026-10-01T10:00:00.000Z' });
  });
});
