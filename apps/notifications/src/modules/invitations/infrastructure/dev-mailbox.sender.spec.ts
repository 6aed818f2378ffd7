import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { calendarParts, readCalendar } from '#concerto/testing';
import { composeEmail } from '../domain/compose-messages.js';
import type { MeetingDetails, Recipient } from '../domain/meeting.js';
import { DevMailboxSender } from './dev-mailbox.sender.js';

const meeting: MeetingDetails = {
  meetingId: 'meet-42',
  sequence: 3,
  start: new Date('2026-11-05T13:00:00Z'),
  end: new Date('2026-11-05T14:00:00Z'),
  location: { kind: 'video', label: 'Online meeting', url: 'https://video.test/room/42' },
  organizer: { name: 'Anne Dupont', email: 'anne@bassin.test' },
};
const recipient: Recipient = {
  invitationId: 'inv-7',
  name: 'Jan Peeters',
  audience: 'family',
  required: false,
  preferredLanguage: 'en',
  email: 'jan@example.test',
};

describe('development mailbox', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concerto-mailbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should write a readable .eml with its calendar and an index line, once per idempotency key', async () => {
    const mailbox = new DevMailboxSender(
      join(dir, 'mailbox'),
      { from: { name: 'Concerto', address: 'no-reply@concerto.test' }, messageIdDomain: 'concerto.test' },
      () => new Date('2026-10-01T10:00:00Z'),
    );
    const message = composeEmail(
      { kind: 'invitation', meeting, recipient },
      { uidDomain: 'concerto.test', now: new Date('2026-10-01T10:00:00Z') },
    );

    const first = await mailbox.send(message);
    const again = await mailbox.send(message);
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ messageId: first.messageId, duplicate: true, delivered: true });

    const index = await mailbox.list();
    expect(index).toHaveLength(1);
    expect(index[0]).toMatchObject({
      idempotencyKey: message.idempotencyKey,
      subject: 'Invitation to a meeting on Thursday 5 November 2026',
      language: 'en',
      calendarMethod: 'REQUEST',
      to: 'jan@example.test',
    });
    expect((await readdir(join(dir, 'mailbox'))).sort()).toEqual([index[0].file, 'index.jsonl'].sort());

    const raw = await readFile(join(dir, 'mailbox', index[0].file));
    expect(await mailbox.read(index[0].id)).toEqual(raw);
    const mail = await simpleParser(raw);
    expect(mail.messageId).toBe(first.messageId);
    expect(mail.text).toContain('When? On Thursday 5 November 2026, from 14:00 to 15:00.');
    const cal = readCalendar(calendarParts(mail)[0].text);
    expect(cal.events[0]).toMatchObject({
      uid: 'meet-42@concerto.test',
      sequence: 3,
      startLocal: '2026-11-05T14:00:00',
      url: 'https://video.test/room/42',
    });
    expect(cal.events[0].attendees[0]).toMatchObject({ email: 'jan@example.test', role: 'OPT-PARTICIPANT' });
  });

  it('should write each of concurrent sends of one key only once', async () => {
    const mailbox = new DevMailboxSender(dir, {
      from: { name: 'Concerto', address: 'no-reply@concerto.test' },
      messageIdDomain: 'concerto.test',
    });
    const message = composeEmail(
      { kind: 'reminder-48h', meeting, recipient },
      { uidDomain: 'concerto.test', now: new Date() },
    );
    const results = await Promise.all([mailbox.send(message), mailbox.send(message), mailbox.send(message)]);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await mailbox.list()).toHaveLength(1);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('should refuse to read anything but a message id', async () => {
    const mailbox = new DevMailboxSender(dir, {
      from: { name: 'Concerto', address: 'no-reply@concerto.test' },
      messageIdDomain: 'concerto.test',
    });
    expect(await mailbox.read('../../etc/passwd')).toBeUndefined();
    expect(await mailbox.list()).toEqual([]);
  });
});
