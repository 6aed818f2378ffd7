/**
 * scripts/smtp-catcher.mjs, the SMTP server of the README walkthrough, run as a user runs it (a
 * child process): it must take a message the way the notifications service sends it (nodemailer,
 * plain SMTP without TLS or credentials, an iCalendar part), keep the .eml and index it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { expectEventually } from '#concerto/testing';

const SCRIPT = fileURLToPath(new URL('../../scripts/smtp-catcher.mjs', import.meta.url));

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Concerto//test//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:meeting-1@concerto.test',
  'SEQUENCE:1',
  'DTSTAMP:20261122T100000Z',
  'DTSTART;TZID=Europe/Brussels:20261124T100000',
  'DTEND;TZID=Europe/Brussels:20261124T110000',
  'SUMMARY:Multidisciplinair overleg',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('smtp-catcher (scripts/smtp-catcher.mjs)', () => {
  let dir: string;
  let port: number;
  let catcher: ChildProcess;
  let output = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'smtp-catcher-'));
    port = await freePort();
    catcher = spawn(process.execPath, [SCRIPT, '--port', String(port), '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    catcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    catcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await expectEventually(() => expect(output).toContain(`smtp://127.0.0.1:${port}`));
  });
  afterAll(async () => {
    catcher?.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('should take a plain-SMTP message with a calendar, keep the .eml, index it and print a line', async () => {
    // The options of the notifications service's transport for SMTP_URL=smtp://127.0.0.1:<port>.
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: false,
      ignoreTLS: false,
    });
    await transport.sendMail({
      from: 'no-reply@concerto.test',
      to: 'jan@example.test',
      subject: 'Wijziging: overleg',
      text: 'Ik kom:\nhttp://localhost:3000/v1/rsvp/eyJhIjoiYWNjZXB0In0.c2lnbmF0dXJlLW9mLWEtbG9uZy1lbm91Z2gtdG9rZW4tdG8tYmUtd3JhcHBlZC1ieS1xcA\n',
      headers: { 'Content-Language': 'nl' },
      icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: ICS },
    });
    transport.close();

    const entry = await expectEventually(async () => {
      const lines = (await readFile(join(dir, 'index.jsonl'), 'utf8')).split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      return JSON.parse(lines[0]);
    });
    expect(entry).toMatchObject({
      file: '0001.eml',
      to: 'jan@example.test',
      subject: 'Wijziging: overleg',
      language: 'nl',
      method: 'REQUEST',
      uid: 'meeting-1@concerto.test',
      sequence: 1,
      dtstart: '2026-11-24T10:00:00 Europe/Brussels',
      links: [
        'http://localhost:3000/v1/rsvp/eyJhIjoiYWNjZXB0In0.c2lnbmF0dXJlLW9mLWEtbG9uZy1lbm91Z2gtdG9rZW4tdG8tYmUtd3JhcHBlZC1ieS1xcA',
      ],
    });
    const eml = await readFile(join(dir, '0001.eml'), 'utf8');
    expect(eml).toContain('Subject: Wijziging: overleg');
    expect(eml).toContain('METHOD:REQUEST');
    await expectEventually(() =>
      expect(output).toMatch(
        /0001\.eml {2}jan@example\.test {2}\[nl\] {2}Wijziging: overleg {2}REQUEST SEQUENCE:1 UID:meeting-1@concerto\.test DTSTART:2026-11-24T10:00:00 Europe\/Brussels/,
      ),
    );
  });
});
