import { ManualClock } from '#concerto/ddd';
import {
  calendarParts,
  readCalendar,
  type ReceivedMessage,
  startTestSmtpServer,
  type TestSmtpServer,
} from '#concerto/testing';
import { composeEmail, type ComposeInput } from '../domain/compose-messages.js';
import type { MeetingDetails, Recipient } from '../domain/meeting.js';
import { DeliveryError } from '../domain/ports.js';
import { RsvpLinkSigner } from '#concerto/auth';
import { messageIdFor } from './mail-options.js';
import { SmtpEmailSender } from './smtp-email.sender.js';

/**
 * Real peers: invitations go through nodemailer's SMTP client to a real SMTP server on
 * loopback; what arrives is parsed with mailparser, and the calendar parts with ical.js.
 */

const UID_DOMAIN = 'concerto.test';
const NOW = new Date('2026-10-01T08:00:00Z');
const clock = new ManualClock(NOW);
const signer = new RsvpLinkSigner([{ id: 'k1', secret: 'integration-test-secret-at-least-32-bytes' }], clock);

const meeting = (over: Partial<MeetingDetails> = {}): MeetingDetails => ({
  meetingId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  sequence: 0,
  // Thursday 22 October 2026, 10:00–11:30 in Brussels: still summer time (UTC+2)
  start: new Date('2026-10-22T08:00:00Z'),
  end: new Date('2026-10-22T09:30:00Z'),
  location: {
    kind: 'room',
    label: 'Salle du bassin Nord / Vergaderzaal zorgzone Noord',
    address: 'Rue Haute 12, 1000 Bruxelles',
  },
  organizer: { name: 'Anne Dupont', email: 'anne.dupont@bassin-nord.test', phone: '02 123 45 67' },
  ...over,
});

const gp: Recipient = {
  invitationId: 'inv-gp',
  name: 'Dr Luc Martin',
  audience: 'professional',
  required: true,
  preferredLanguage: 'fr',
  email: 'luc.martin@medecin.test',
};
const simone: Recipient = {
  invitationId: 'inv-simone',
  name: 'Simone Peeters',
  audience: 'person',
  required: true,
  preferredLanguage: 'nl-BE',
  email: 'simone.peeters@example.test',
};

const links = (m: MeetingDetails, r: Recipient) =>
  signer.links('https://concerto.test/v1/rsvp', {
    invitationId: r.invitationId,
    meetingId: m.meetingId,
    meetingSequence: m.sequence,
    expiresAt: m.start,
  });

const email = (kind: ComposeInput['kind'], m: MeetingDetails, r: Recipient, extra: Partial<ComposeInput> = {}) =>
  composeEmail(
    { kind, meeting: m, recipient: r, links: kind === 'cancellation' ? undefined : links(m, r), ...extra },
    { uidDomain: UID_DOMAIN, now: clock.now() },
  );

/** The token of the answer link that follows a label in the mail text (each link is on its own line). */
const tokenFrom = (text: string, label: string): string => {
  const line = text.split('\n').find((l) => l.includes(label));
  const match = line ? /https:\/\/concerto\.test\/v1\/rsvp\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(line) : null;
  if (!match) {
    throw new Error(`No "${label}" link in the message`);
  }
  return match[1];
};

function onlyCalendar(received: ReceivedMessage) {
  const parts = calendarParts(received.mail);
  const alternative = parts.find((p) => p.contentType === 'text/calendar');
  const attachment = parts.find((p) => p.filename === 'invite.ics');
  expect(alternative).toBeDefined();
  expect(attachment).toBeDefined();
  // both carry the same calendar object
  expect(attachment?.text).toBe(alternative?.text);
  return {
    alternative: alternative as NonNullable<typeof alternative>,
    calendar: readCalendar((alternative as NonNullable<typeof alternative>).text),
  };
}

describe('SMTP e-mail sender with a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let sender: SmtpEmailSender;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    sender = new SmtpEmailSender({
      host: smtp.host,
      port: smtp.port,
      from: { name: 'Concerto – Bassin Nord', address: 'no-reply@concerto.test' },
      messageIdDomain: UID_DOMAIN,
    });
  });

  afterAll(async () => {
    sender.close();
    await smtp.close();
  });

  beforeEach(() => smtp.clear());

  const byRecipient = (messages: readonly ReceivedMessage[], address: string): ReceivedMessage => {
    const found = messages.find((m) => m.envelope.to.includes(address));
    if (!found) {
      throw new Error('message not received');
    }
    return found;
  };

  it('should deliver an invitation in French and one in Dutch that calendar parsers read correctly', async () => {
    const m = meeting();
    const fr = email('invitation', m, gp);
    const nl = email('invitation', m, simone);
    const results = [await sender.send(fr), await sender.send(nl)];
    const received = await smtp.waitFor(2);

    // French, professional register
    const toGp = byRecipient(received, 'luc.martin@medecin.test');
    expect(toGp.envelope.from).toBe('no-reply@concerto.test');
    expect(toGp.mail.subject).toBe('Invitation : concertation le jeudi 22 octobre 2026 à 10:00');
    expect(toGp.mail.text).toContain('Date : jeudi 22 octobre 2026, de 10:00 à 11:30 (heure de Bruxelles)');
    expect(toGp.mail.headers.get('content-language')).toBe('fr');
    expect(toGp.mail.messageId).toBe(messageIdFor(fr.idempotencyKey, UID_DOMAIN));
    expect(results[0].messageId).toBe(toGp.mail.messageId);
    expect(toGp.mail.replyTo?.value[0].address).toBe('anne.dupont@bassin-nord.test');

    const { alternative, calendar } = onlyCalendar(toGp);
    expect(alternative.method).toBe('REQUEST');
    expect(alternative.inline).toBe(true);
    expect(calendar.method).toBe('REQUEST');
    expect(calendar.timezones).toEqual(['Europe/Brussels']);
    const ev = calendar.events[0];
    expect(ev.uid).toBe(`${m.meetingId}@${UID_DOMAIN}`);
    expect(ev.sequence).toBe(0);
    expect(ev.status).toBe('CONFIRMED');
    expect(ev.startTzid).toBe('Europe/Brussels');
    expect(ev.startLocal).toBe('2026-10-22T10:00:00');
    expect(ev.endLocal).toBe('2026-10-22T11:30:00');
    expect(ev.start.toISOString()).toBe('2026-10-22T08:00:00.000Z');
    expect(ev.end.toISOString()).toBe('2026-10-22T09:30:00.000Z');
    expect(ev.summary).toBe('Concertation multidisciplinaire');
    expect(ev.location).toBe('Salle du bassin Nord / Vergaderzaal zorgzone Noord, Rue Haute 12, 1000 Bruxelles');
    expect(ev.organizer).toMatchObject({ email: 'anne.dupont@bassin-nord.test', cn: 'Anne Dupont' });
    // each invitee sees only themself: informal helpers' addresses are not shared
    expect(ev.attendees).toEqual([
      expect.objectContaining({
        email: 'luc.martin@medecin.test',
        cn: 'Dr Luc Martin',
        role: 'REQ-PARTICIPANT',
        partstat: 'NEEDS-ACTION',
        rsvp: 'TRUE',
      }),
    ]);

    // Dutch, easy-to-read register for the person
    const toSimone = byRecipient(received, 'simone.peeters@example.test');
    expect(toSimone.mail.subject).toBe('Uitnodiging voor een overleg op donderdag 22 oktober 2026');
    expect(toSimone.mail.text).toContain('Wanneer? Op donderdag 22 oktober 2026, van 10:00 tot 11:30.');
    expect(toSimone.mail.text).toContain('Hebt u een vraag? Bel Anne Dupont op 02 123 45 67.');
    expect(toSimone.mail.headers.get('content-language')).toBe('nl');
    const nlCal = onlyCalendar(toSimone).calendar;
    expect(nlCal.events[0].uid).toBe(ev.uid);
    expect(nlCal.events[0].summary).toBe('Overleg over hulp');
    expect(nlCal.events[0].startLocal).toBe('2026-10-22T10:00:00');

    // the answer link in the mail works for its own action only
    const accept = tokenFrom(toSimone.mail.text ?? '', 'Komt u? Klik hier');
    expect(signer.verify(accept, { action: 'accept', meetingId: m.meetingId, currentSequence: 0 })).toMatchObject({
      ok: true,
      claims: { invitationId: 'inv-simone' },
    });
    expect(signer.verify(accept, { action: 'decline', currentSequence: 0 })).toEqual({
      ok: false,
      reason: 'wrong-action',
    });
  });

  it('should give a retried send the same Message-ID', async () => {
    const message = email('invitation', meeting(), gp);
    await sender.send(message);
    await sender.send(message);
    const [first, second] = await smtp.waitFor(2);
    expect(first.mail.messageId).toBe(second.mail.messageId);
  });

  it('should send a rescheduled update with the same UID and a higher sequence, then a cancellation', async () => {
    const v0 = meeting();
    const oldAccept = tokenFrom(email('invitation', v0, gp).text, 'Je participe');
    // moved to Tuesday 27 October, 10:00 in Brussels: winter time now (UTC+1)
    const v1 = meeting({ sequence: 1, start: new Date('2026-10-27T09:00:00Z'), end: new Date('2026-10-27T10:30:00Z') });
    await sender.send(email('update', v1, gp, { previousStart: v0.start }));
    const v2 = { ...v1, sequence: 2 };
    await sender.send(email('cancellation', v2, gp));
    const [update, cancel] = await smtp.waitFor(2);

    expect(update.mail.subject).toBe('Modification : concertation le mardi 27 octobre 2026 à 10:00');
    expect(update.mail.text).toContain('Ancienne date : jeudi 22 octobre 2026 à 10:00');
    const up = onlyCalendar(update);
    expect(up.alternative.method).toBe('REQUEST');
    expect(up.calendar.method).toBe('REQUEST');
    expect(up.calendar.events[0]).toMatchObject({
      uid: `${v0.meetingId}@${UID_DOMAIN}`,
      sequence: 1,
      startLocal: '2026-10-27T10:00:00',
      startTzid: 'Europe/Brussels',
    });
    expect(up.calendar.events[0].start.toISOString()).toBe('2026-10-27T09:00:00.000Z');
    // the answer given to the first version no longer counts; the new link does
    expect(signer.verify(oldAccept, { action: 'accept', currentSequence: 1 })).toEqual({
      ok: false,
      reason: 'stale-sequence',
    });
    expect(
      signer.verify(tokenFrom(update.mail.text ?? '', 'Je participe'), { action: 'accept', currentSequence: 1 }).ok,
    ).toBe(true);

    expect(cancel.mail.subject).toBe('Annulation : concertation du mardi 27 octobre 2026 à 10:00');
    const c = onlyCalendar(cancel);
    expect(c.alternative.method).toBe('CANCEL');
    expect(c.calendar.method).toBe('CANCEL');
    expect(c.calendar.events[0]).toMatchObject({
      uid: `${v0.meetingId}@${UID_DOMAIN}`,
      sequence: 2,
      status: 'CANCELLED',
    });
    expect(cancel.mail.text).not.toContain('/v1/rsvp/');
  });

  it('should write to a Spanish-speaking person in French and say an interpreter is coming', async () => {
    const ricarda: Recipient = {
      invitationId: 'inv-ricarda',
      name: 'Ricarda',
      audience: 'person',
      required: true,
      preferredLanguage: 'es',
      email: 'ricarda@example.test',
    };
    const message = email('invitation', meeting(), ricarda);
    expect(message.meta).toMatchObject({ language: 'fr', preferredLanguage: 'es', interpreterNeeded: true });
    await sender.send(message);
    const [received] = await smtp.waitFor(1);
    expect(received.mail.headers.get('content-language')).toBe('fr');
    expect(received.mail.text).toContain('Un interprète peut vous aider pendant la réunion.');
  });

  it('should report a message the server refuses (too large) as a permanent failure without personal data', async () => {
    const refusing = await startTestSmtpServer({ sizeLimitBytes: 1024 });
    const small = new SmtpEmailSender({
      host: refusing.host,
      port: refusing.port,
      from: { name: 'Concerto', address: 'no-reply@concerto.test' },
      messageIdDomain: UID_DOMAIN,
    });
    try {
      const error = await small.send(email('invitation', meeting(), gp)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).permanent).toBe(true);
      expect((error as DeliveryError).code).toBe(552);
      expect((error as DeliveryError).message).not.toContain('luc.martin');
    } finally {
      small.close();
      await refusing.close();
    }
  });

  it('should report an unreachable server as a temporary failure', async () => {
    const down = new SmtpEmailSender({
      host: '127.0.0.1',
      port: 1,
      from: { name: 'Concerto', address: 'no-reply@concerto.test' },
      messageIdDomain: UID_DOMAIN,
      connectionTimeoutMs: 2000,
    });
    const error = await down.send(email('invitation', meeting(), gp)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(false);
    down.close();
  });
});
