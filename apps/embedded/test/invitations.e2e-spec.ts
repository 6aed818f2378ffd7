import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EventValidator } from '#concerto/contracts';
import type { TransportMessage } from '#concerto/messaging';
import { ManualClock } from '#concerto/ddd';
import {
  alertBody,
  calendarParts,
  expectEventually,
  isStaffAddress,
  readCalendar,
  type ReceivedMessage,
  startTestEngine,
  startTestSmtpServer,
  type TestEngine,
  type TestSmtpServer,
  toInviteesOnly,
} from '#concerto/testing';

import { answerLinksIn } from './fixtures/answer-links.js';
import { ConcertationEventsConsumer } from '../../notifications/src/modules/invitations/interface/messaging/concertation-events.consumer.js';
import { DeliveryJobProcessor } from '../../notifications/src/modules/invitations/infrastructure/jobs/delivery-job.processor.js';
import { messageIdFor } from '../../notifications/src/modules/invitations/infrastructure/mail-options.js';
import { DirectoryReadService } from '../../directory/src/modules/territory/application/directory-read.service.js';

/** An e-mail of the development mailbox to an invitee (pages to coordinators are not invitations). */
const invitationMail = (i: { type: string; to?: string }) => i.type === 'email' && !isStaffAddress(i.to);

// Monday 23 November 2026, 09:00 in Brussels; the discharge is Thursday at 16:00 (3 working days away).
const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const DISCHARGE = '2026-11-26T16:00:00+01:00';
const WORKDAY = {
  mon: ['08:30-17:00'],
  tue: ['08:30-17:00'],
  wed: ['08:30-17:00'],
  thu: ['08:30-17:00'],
  fri: ['08:30-17:00'],
};
const HOUR = 3600_000;
const NO_ANSWER_HOURS = 6;
const PII = ['Simone', 'Peeters', 'example.test', '+32', 'Uccle', 'Rue de la Paix'];

const to = (m: ReceivedMessage) => m.envelope.to[0];
const language = (m: ReceivedMessage) => String(m.mail.headers.get('content-language'));

describe('invitations: e-mail over a real SMTP server with iCalendar, SMS, letters, reminders and the no-answer chain (embedded)', () => {
  let smtp: TestSmtpServer;
  let t: TestEngine;
  /** The answer links of a received e-mail, by action. */
  const answerLinks = (mail: ReceivedMessage) => answerLinksIn((q, p) => t.sql(q, p), mail.mail.text ?? '');
  let coord: string;
  let caseId: string;
  let concertationId: string;
  let slot: { start: string; end: string };
  const participants: Record<string, string> = {};
  const invitations: Record<string, string> = {};
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ keep: toInviteesOnly });
    t = await startTestEngine({
      clock,
      config: {
        SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
        NOTIFICATIONS_NO_ANSWER_HOURS: String(NO_ANSWER_HOURS),
        NOTIFICATIONS_RETRY_BACKOFF_MS: '50',
        COORDINATION_PHONE: '+32 2 555 01 01',
        MAIL_FROM_ADDRESS: 'no-reply@concerto.test',
      },
    });
    coord = await t.token('coord-sud');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const post = (path: string, body: object) =>
    t
      .http()
      .post(path)
      .set(...auth(coord))
      .send(body);
  const put = (path: string, body: object) =>
    t
      .http()
      .put(path)
      .set(...auth(coord))
      .send(body);
  const tasks = async () =>
    (
      await t
        .http()
        .get(`/v1/cases/${caseId}/tasks`)
        .set(...auth(coord))
        .expect(200)
    ).body.tasks as Array<Record<string, any>>;
  const events = (type: string) =>
    t.sql<{ envelope: { type: string; data: Record<string, any> } }>(
      `SELECT "envelope" FROM "notifications"."outbox" WHERE "envelope"->>'type' = $1 ORDER BY "seq"`,
      [type],
    );
  const mailTo = (address: string) => smtp.messages.filter((m) => to(m) === address);
  const smsLog = async () =>
    (await readFile(join(t.dataDir, 'mailbox', 'sms', 'messages.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { idempotencyKey: string; to: string; text: string });

  it('should set up a case with a team of six, consent, calendars and a slot before the discharge', async () => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set(...auth(await t.token('pro-hospital-nurse')))
      .send(
        alertBody(
          { type: 'imminent-discharge', urgency: 'urgent', deadline: DISCHARGE },
          { givenName: 'Simone', familyName: 'Peeters', address: { postalCode: '1180' }, preferredLanguage: 'nl' },
        ),
      );
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
    await expectEventually(async () => {
      const team = await t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set(...auth(coord));
      expect(team.body.participants).toHaveLength(1);
      participants.person = team.body.participants[0].id;
    });
    // Simone has neither e-mail nor phone: a letter to her home.
    const person = await t
      .http()
      .patch(`/v1/cases/${caseId}/participants/${participants.person}`)
      .set(...auth(coord))
      .send({ postalAddress: 'Rue de la Paix 12, 1180 Uccle' });
    expect(person.status).toBe(200);
    expect(person.body.channels).toEqual(['letter']);

    const add = async (body: object) => {
      const r = await post(`/v1/cases/${caseId}/participants`, body);
      expect(r.status).toBe(201);
      return r.body.participant.id as string;
    };
    participants.relative = await add({
      kind: 'relative',
      displayName: 'Jan Peeters',
      language: 'nl',
      email: 'jan.peeters@example.test',
      phone: '+32 470 00 00 01',
    });
    participants.gp = await add({
      kind: 'professional',
      professionalId: 'pro-gp',
      required: true,
      email: 'gp@example.test',
    });
    participants.nurse = await add({
      kind: 'professional',
      professionalId: 'pro-home-nurse',
      email: 'nurse@example.test',
      phone: '+32 470 00 00 02',
    });
    participants.social = await add({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      email: 'social@example.test',
    });
    participants.hospital = await add({
      kind: 'professional',
      professionalId: 'pro-hospital-nurse',
      email: 'hospital@example.test',
    });

    const scopes = Object.values(participants).map((participantId) => ({
      participantId,
      dataCategories: ['meeting-details'],
    }));
    expect((await post(`/v1/cases/${caseId}/consent`, { decision: 'granted', givenBy: 'person', scopes })).status).toBe(
      200,
    );
    for (const pro of ['pro-gp', 'pro-home-nurse', 'pro-social-worker', 'pro-hospital-nurse']) {
      expect((await put(`/v1/calendars/${pro}/weekly-hours`, WORKDAY)).status).toBe(200);
    }
    await put(`/v1/calendars/pro-gp/busy`, {
      blocks: [{ start: '2026-11-23T07:00:00Z', end: '2026-11-24T23:00:00Z' }],
    });
    for (const informal of [participants.person, participants.relative]) {
      await put(`/v1/calendars/${informal}/weekly-hours`, {
        mon: ['10:00-17:00'],
        tue: ['10:00-17:00'],
        wed: ['10:00-17:00'],
        thu: ['10:00-17:00'],
      });
    }
    expect((await post('/v1/bassins/sud/rooms', { name: 'Salle Sud', capacity: 10, stepFree: true })).status).toBe(201);
    const search = await post(`/v1/cases/${caseId}/concertations/slot-search`, { durationMinutes: 60 });
    expect([search.body.status, search.body.reasons]).toEqual(['ok', []]);
    slot = { start: search.body.slots[0].start, end: search.body.slots[0].end };
    expect(new Date(slot.end).getTime()).toBeLessThan(new Date(DISCHARGE).getTime());
  });

  it('should send the invitations in French and Dutch through SMTP, each with an iCalendar REQUEST (UID, SEQUENCE 0, Brussels time)', async () => {
    const rooms = await t
      .http()
      .get('/v1/bassins/sud/rooms')
      .set(...auth(coord));
    const r = await post(`/v1/cases/${caseId}/concertations`, {
      ...slot,
      location: { kind: 'room', roomId: rooms.body[0].id },
    });
    expect(r.status).toBe(201);
    concertationId = r.body.concertation.id;
    for (const inv of r.body.concertation.invitations as Array<{ id: string; participantId: string }>) {
      const role = Object.entries(participants).find(([, id]) => id === inv.participantId)![0];
      invitations[role] = inv.id;
    }
    expect(Object.keys(invitations).sort()).toEqual(['gp', 'hospital', 'nurse', 'person', 'relative', 'social']);

    const received = await smtp.waitFor(5);
    expect(received.map(to).sort()).toEqual([
      'gp@example.test',
      'hospital@example.test',
      'jan.peeters@example.test',
      'nurse@example.test',
      'social@example.test',
    ]);
    const expectedLanguage: Record<string, string> = {
      'gp@example.test': 'nl',
      'nurse@example.test': 'nl',
      'jan.peeters@example.test': 'nl',
      'social@example.test': 'fr',
      'hospital@example.test': 'fr',
    };
    for (const m of received) {
      const lang = expectedLanguage[to(m)];
      expect([to(m), language(m)]).toEqual([to(m), lang]);
      expect(m.mail.subject).toMatch(lang === 'nl' ? /^Uitnodiging/ : /^Invitation/);
      expect(m.mail.text).toMatch(lang === 'nl' ? /^Beste / : /^Bonjour /);
      expect(m.mail.messageId).toMatch(/^<[0-9a-f]{32}\.concerto@concerto\.test>$/);
      const parts = calendarParts(m.mail);
      expect(parts.length).toBeGreaterThanOrEqual(1);
      for (const part of parts) {
        const cal = readCalendar(part.text);
        expect(cal.method).toBe('REQUEST');
        expect(cal.timezones).toEqual(['Europe/Brussels']);
        const [event] = cal.events;
        expect(event).toMatchObject({
          uid: `${concertationId}@concerto.test`,
          sequence: 0,
          startTzid: 'Europe/Brussels',
          endTzid: 'Europe/Brussels',
        });
        expect(event.start.toISOString()).toBe(new Date(slot.start).toISOString());
        expect(event.end.toISOString()).toBe(new Date(slot.end).toISOString());
        expect(event.attendees.map((a) => a.email)).toEqual([to(m)]);
        const easyRead = to(m) === 'jan.peeters@example.test';
        expect(event.summary).toBe(
          easyRead
            ? 'Overleg over hulp'
            : lang === 'nl'
              ? 'Multidisciplinair overleg'
              : 'Concertation multidisciplinaire',
        );
      }
      // The relative gets the easy-to-read text.
      if (to(m) === 'jan.peeters@example.test') {
        expect(m.mail.subject).toMatch(/^Uitnodiging voor een overleg op /);
      }
    }
  });

  it('should give the coordinator a task with a printable letter in Dutch for the person without e-mail or phone', async () => {
    const letterTask = await expectEventually(async () => {
      const found = (await tasks()).find((x) => x.kind === 'post-letter' && x.invitationId === invitations.person);
      expect(found).toMatchObject({ status: 'open', messageKind: 'invitation', language: 'nl', sequence: 0 });
      return found!;
    });
    const letter = await t
      .http()
      .get(letterTask.letterUrl)
      .set(...auth(coord));
    expect(letter.status).toBe(200);
    expect(letter.headers['content-type']).toMatch(/^text\/html/);
    expect(letter.text).toContain('<html lang="nl">');
    expect(letter.text).toContain('Simone Peeters');
    expect(letter.text).toContain('1180 Uccle');
    expect(letter.text).toContain('+32 2 555 01 01');
    expect(letter.text).not.toContain('/a/');
    // Other bassins see nothing.
    expect(
      (
        await t
          .http()
          .get(`/v1/cases/${caseId}/tasks`)
          .set(...auth(await t.token('coord-nord')))
      ).status,
    ).toBe(404);
  });

  it('should emit invitation.sent per message, valid and without personal data, and scheduling follows it', async () => {
    await expectEventually(async () => expect(await events('invitation.sent')).toHaveLength(6));
    const sent = await events('invitation.sent');
    const validator = new EventValidator();
    for (const { envelope } of sent) {
      expect(validator.validate(envelope).ok).toBe(true);
      expect(envelope.data).toMatchObject({ concertationId, caseId, sequence: 0, purpose: 'invitation' });
    }
    expect(sent.map((e) => e.envelope.data.channel).sort()).toEqual([
      'email',
      'email',
      'email',
      'email',
      'email',
      'letter',
    ]);
    // An SMTP relay's acceptance is not a delivery: no invitation.delivered without a confirmation.
    expect(await events('invitation.delivered')).toEqual([]);
    const payloads =
      JSON.stringify(sent) +
      JSON.stringify(await t.sql(`SELECT * FROM "notifications"."timers"`)) +
      JSON.stringify(await t.sql(`SELECT * FROM "notifications"."deliveries"`));
    for (const secret of PII) {
      expect(payloads).not.toContain(secret);
    }
    const meeting = (
      await t
        .http()
        .get(`/v1/concertations/${concertationId}`)
        .set(...auth(coord))
    ).body;
    await expectEventually(async () => {
      const m = (
        await t
          .http()
          .get(`/v1/concertations/${concertationId}`)
          .set(...auth(coord))
      ).body;
      expect(m.invitations.every((i: { status: string }) => i.status === 'sent')).toBe(true);
    });
    expect(meeting.sequence).toBe(0);
  });

  it('should take two answers through the links found in the received e-mails', async () => {
    const gpLinks = await answerLinks(mailTo('gp@example.test')[0]);
    const socialLinks = await answerLinks(mailTo('social@example.test')[0]);
    expect(gpLinks.accept.claims).toMatchObject({ i: invitations.gp, s: 0 });
    expect((await t.http().post(`/v1/rsvp/${gpLinks.accept.token}`).send({})).status).toBe(200);
    expect((await t.http().post(`/v1/rsvp/${socialLinks.decline.token}`).send({})).status).toBe(200);
    await expectEventually(async () => {
      const rows = await t.sql<{ invitation_id: string; answer: string }>(
        `SELECT "invitation_id","answer" FROM "notifications"."invitation_view" WHERE "answer" IS NOT NULL`,
      );
      expect(Object.fromEntries(rows.map((r) => [r.invitation_id, r.answer]))).toEqual({
        [invitations.gp]: 'accepted',
        [invitations.social]: 'declined',
      });
    });
  });

  it('should remind two days before those who accepted or have not answered, never those who declined', async () => {
    const before = smtp.messages.length;
    clock.advance(1 * HOUR + 60_000); // Monday 10:01: "in two days"
    await expectEventually(async () => expect(smtp.messages.length).toBe(before + 4));
    const reminders = smtp.messages.slice(before);
    expect(reminders.map(to).sort()).toEqual([
      'gp@example.test',
      'hospital@example.test',
      'jan.peeters@example.test',
      'nurse@example.test',
    ]);
    expect(mailTo('gp@example.test')[1].mail.subject).toMatch(/^Herinnering: overleg op /);
    expect(calendarParts(reminders[0].mail)).toEqual([]);
    expect(mailTo('social@example.test')).toHaveLength(1);
  });

  it('should acknowledge written input once, in the invitee’s language, on their best automatic channel, without its content', async () => {
    const before = smtp.messages.length;
    const jan = 'jan.peeters@example.test';
    const link = (await answerLinks(mailTo(jan)[0]))['written-input'];
    expect(link.claims).toMatchObject({ i: invitations.relative, s: 0 });
    const input = 'Mama wil graag thuis blijven wonen.';
    expect((await t.http().post(`/v1/rsvp/${link.token}`).send({ writtenInput: input })).status).toBe(200);

    // Jan has e-mail and a phone: the e-mail, in Dutch and easy-to-read, no calendar object.
    const ack = await expectEventually(async () => {
      const received = smtp.messages.slice(before);
      expect(received.map(to)).toEqual([jan]);
      return received[0];
    });
    expect(language(ack)).toBe('nl');
    expect(ack.mail.subject).toBe('Dank u voor uw mening');
    expect(ack.mail.text).toMatch(/^Beste Jan Peeters,/);
    expect(ack.mail.text).not.toContain('thuis blijven');
    expect(calendarParts(ack.mail)).toEqual([]);
    const acks = async () =>
      (await events('invitation.sent')).filter((e) => e.envelope.data.purpose === 'written-input-ack');
    await expectEventually(async () => expect(await acks()).toHaveLength(1));
    const [event] = await acks();
    expect(event.envelope.data).toMatchObject({
      invitationId: invitations.relative,
      concertationId,
      caseId,
      sequence: 0,
      channel: 'email',
    });
    expect(new EventValidator().validate(event.envelope).ok).toBe(true);

    // The same link posted again (a new invitation.answered) and the same event redelivered: nothing more.
    expect((await t.http().post(`/v1/rsvp/${link.token}`).send({ writtenInput: input })).status).toBe(200);
    const answered = await expectEventually(async () => {
      const rows = await t.sql<{ envelope: { id: string; data: { invitationId: string } } }>(
        `SELECT "envelope" FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'invitation.answered' ORDER BY "seq"`,
      );
      const janAnswers = rows.filter((r) => r.envelope.data.invitationId === invitations.relative);
      expect(janAnswers).toHaveLength(2);
      // Wait until notifications has applied the second one.
      expect(
        await t.sql(`SELECT 1 FROM "notifications"."inbox" WHERE "event_id" = $1`, [janAnswers[1].envelope.id]),
      ).toHaveLength(1);
      return janAnswers[1].envelope;
    });
    const consumers = t.engine.app.get(ConcertationEventsConsumer, { strict: false });
    const message: TransportMessage = {
      topic: 'scheduling.concertation.v1',
      key: caseId,
      value: JSON.stringify(answered),
      headers: {},
    };
    expect(await consumers.onConcertationEvent(message)).toBe('duplicate');
    // Notifications applied the second answer in the transaction that wrote its inbox entry (waited
    // for above), so any delivery it asked for is a row by now: one row, already sent, means no
    // second message can follow. No need to wait and see.
    const rows = await t.sql<{ channel: string; status: string }>(
      `SELECT "channel","status" FROM "notifications"."deliveries" WHERE "kind" = 'written-input-ack'`,
    );
    expect(rows).toEqual([{ channel: 'email', status: 'sent' }]);
    expect(smtp.messages.slice(before).map(to)).toEqual([jan]);
    expect(await acks()).toHaveLength(1);
    expect((await smsLog()).some((s) => s.idempotencyKey.startsWith('written-input-ack:'))).toBe(false);
    // Nor anything of the input in the notifications database.
    expect(
      JSON.stringify(await t.sql(`SELECT * FROM "notifications"."deliveries"`)) + JSON.stringify(await acks()),
    ).not.toContain('thuis');
  });

  it('should escalate a non-responder: a reminder on another channel, then a substitute proposal, then the coordinator', async () => {
    // Step 1, NOTIFICATIONS_NO_ANSWER_HOURS after the invitation: the home nurse got an e-mail, so a text message now.
    clock.advance((NO_ANSWER_HOURS - 1) * HOUR);
    const nurseSms = await expectEventually(async () => {
      const sms = (await smsLog()).filter(
        (s) => s.idempotencyKey.startsWith('no-answer-reminder:sms:') && s.idempotencyKey.endsWith(invitations.nurse),
      );
      expect(sms).toHaveLength(1);
      return sms[0];
    });
    expect(nurseSms.to).toBe('+32470000002');
    expect(nurseSms.text).toMatch(/^Antwoord gevraagd|overleg/i);
    expect(
      (await smsLog()).some(
        (s) => s.idempotencyKey.endsWith(invitations.gp) || s.idempotencyKey.endsWith(invitations.social),
      ),
    ).toBe(false);
    const reminderEvents = (await events('invitation.sent')).filter(
      (e) => e.envelope.data.purpose === 'no-answer-reminder' && e.envelope.data.invitationId === invitations.nurse,
    );
    expect(reminderEvents.map((e) => e.envelope.data.channel)).toEqual(['sms']);

    // Step 2: a substitute from the same organisation (the demo directory has none with the same role: an empty list to fill in).
    clock.advance(NO_ANSWER_HOURS * HOUR);
    await expectEventually(async () => {
      const proposal = (await tasks()).find(
        (x) => x.kind === 'substitute-proposal' && x.invitationId === invitations.nurse,
      );
      expect(proposal).toMatchObject({ status: 'open', candidates: [], sequence: 0 });
    });
    // The directory answers colleagues by organisation and role (a bassin's backup coordinator for its coordinator).
    const directory = t.engine.app.get(DirectoryReadService, { strict: false });
    expect((await directory.findColleagues('coord-sud')).map((p) => p.id)).toEqual(['backup-sud']);

    // Step 3: the coordinator is alerted.
    clock.advance(NO_ANSWER_HOURS * HOUR);
    await expectEventually(async () => {
      const alert = (await tasks()).find((x) => x.kind === 'no-answer' && x.invitationId === invitations.nurse);
      expect(alert).toMatchObject({ status: 'open', sequence: 0 });
    });
    // Nobody who answered is chased.
    const chased = (await tasks())
      .filter((x) => ['substitute-proposal', 'no-answer'].includes(x.kind))
      .map((x) => x.invitationId);
    expect(chased).not.toContain(invitations.gp);
    expect(chased).not.toContain(invitations.social);
    const outbox = JSON.stringify(await t.sql(`SELECT "envelope" FROM "notifications"."outbox"`));
    for (const secret of PII) {
      expect(outbox).not.toContain(secret);
    }
  });

  it('should deliver each message once per idempotency key: a job run twice, a redelivered event, a crash after the send', async () => {
    const worker = t.engine.app.get(DeliveryJobProcessor, { strict: false });
    const consumers = t.engine.app.get(ConcertationEventsConsumer, { strict: false });
    const before = smtp.messages.length;

    // A job delivered twice after success: nothing is sent again.
    const [sentRow] = await t.sql<{ idempotency_key: string }>(
      `SELECT "idempotency_key" FROM "notifications"."deliveries" WHERE "channel" = 'email' AND "status" = 'sent' LIMIT 1`,
    );
    expect(await worker.process(sentRow.idempotency_key)).toBe('done');

    // The same event handled again (redelivery): the inbox absorbs it, no new row, no new message.
    const [scheduled] = await t.sql<{ envelope: Record<string, unknown> }>(
      `SELECT "envelope" FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'concertation.scheduled'`,
    );
    const message: TransportMessage = {
      topic: 'scheduling.concertation.v1',
      key: caseId,
      value: JSON.stringify(scheduled.envelope),
      headers: {},
    };
    const rowsBefore = (await t.sql(`SELECT 1 FROM "notifications"."deliveries"`)).length;
    expect(await consumers.onConcertationEvent(message)).toBe('duplicate');
    expect((await t.sql(`SELECT 1 FROM "notifications"."deliveries"`)).length).toBe(rowsBefore);

    // Two workers on the same queued message at once: one sends, the other finds it taken.
    const key = `reminder-2h:email:${concertationId}:0:${invitations.gp}`;
    await t.sql(
      `INSERT INTO "notifications"."deliveries" ("idempotency_key","invitation_id","concertation_id","case_id","sequence","kind","channel","status","attempts","created_at")
       VALUES ($1,$2,$3,$4,0,'reminder-2h','email','queued',0,$5)`,
      [key, invitations.gp, concertationId, caseId, clock.now()],
    );
    const outcomes = await Promise.all([worker.process(key), worker.process(key)]);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    const messageId = messageIdFor(key, 'concerto.test');
    const withId = () => smtp.messages.filter((m) => m.mail.messageId === messageId);
    await expectEventually(() => expect(withId()).toHaveLength(1));
    // Every attempt at this key has returned (a send happens inside process()), so nothing more can arrive.
    expect(await worker.process(key)).toBe('done');
    expect(withId()).toHaveLength(1);
    expect(smtp.messages.slice(before).filter((m) => m.mail.messageId === messageId)).toHaveLength(1);

    // Every idempotency key reached the SMTP server exactly once.
    await expectEventually(async () => {
      const sentEmails = await t.sql<{ provider_message_id: string }>(
        // Pages and reporter feedback are set aside by the SMTP stub (toInviteesOnly): compare invitees' mail only.
        `SELECT "provider_message_id" FROM "notifications"."deliveries" WHERE "channel" = 'email' AND "status" = 'sent' AND "kind" NOT IN ('page', 'case-feedback')`,
      );
      const byMessageId = new Map<string, number>();
      for (const m of smtp.messages) {
        byMessageId.set(m.mail.messageId!, (byMessageId.get(m.mail.messageId!) ?? 0) + 1);
      }
      expect([...byMessageId.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect(new Set(byMessageId.keys())).toEqual(new Set(sentEmails.map((r) => r.provider_message_id)));
    });

    // A crash after the SMTP server accepted and before the row was marked: the lease lapses, the
    // message is sent again with the SAME Message-ID (the receiver can drop it), and marked once.
    await t.sql(
      `UPDATE "notifications"."deliveries" SET "status" = 'queued', "claimed_until" = $2 WHERE "idempotency_key" = $1`,
      [key, new Date(clock.now().getTime() - 1000)],
    );
    expect(await worker.process(key)).toBe('sent');
    await expectEventually(() => expect(withId()).toHaveLength(2));
    const [row] = await t.sql<{ status: string; attempts: number }>(
      `SELECT "status","attempts" FROM "notifications"."deliveries" WHERE "idempotency_key" = $1`,
      [key],
    );
    expect(row).toEqual({ status: 'sent', attempts: 2 });
  });

  it('should send updated invitations with SEQUENCE 1 on reschedule, then METHOD:CANCEL on cancellation', async () => {
    const before = smtp.messages.length;
    const start = new Date(new Date(slot.start).getTime() + HOUR).toISOString();
    const end = new Date(new Date(slot.end).getTime() + HOUR).toISOString();
    const moved = await post(`/v1/concertations/${concertationId}/reschedule`, {
      start,
      end,
      location: { kind: 'video', label: 'https://meet.example.test/simone' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.sequence).toBe(1);
    await expectEventually(async () => expect(smtp.messages.length).toBeGreaterThanOrEqual(before + 5));
    const updates = smtp.messages.slice(before);
    expect(updates.map(to).sort()).toEqual([
      'gp@example.test',
      'hospital@example.test',
      'jan.peeters@example.test',
      'nurse@example.test',
      'social@example.test',
    ]);
    for (const m of updates) {
      expect(m.mail.subject).toMatch(language(m) === 'nl' ? /^(Wijziging|Het overleg verandert)/ : /^Modification/);
      const [part] = calendarParts(m.mail);
      const cal = readCalendar(part.text);
      expect(cal.method).toBe('REQUEST');
      expect(cal.events[0]).toMatchObject({
        uid: `${concertationId}@concerto.test`,
        sequence: 1,
        startTzid: 'Europe/Brussels',
        url: 'https://meet.example.test/simone',
      });
      expect(cal.events[0].start.toISOString()).toBe(start);
      // The links in the update are for the new version.
      expect(Object.values(await answerLinks(m)).every((l) => l.claims.s === 1)).toBe(true);
    }
    await expectEventually(async () => {
      const all = await tasks();
      expect(
        all.find((x) => x.kind === 'post-letter' && x.sequence === 1 && x.invitationId === invitations.person),
      ).toMatchObject({ status: 'open', messageKind: 'update' });
      // Letters and alerts about the old date are moot.
      expect(all.filter((x) => x.sequence === 0).every((x) => x.status === 'superseded')).toBe(true);
    });

    const beforeCancel = smtp.messages.length;
    expect((await post(`/v1/concertations/${concertationId}/cancel`, {})).body).toMatchObject({
      status: 'cancelled',
      sequence: 2,
    });
    await expectEventually(async () => expect(smtp.messages.length).toBeGreaterThanOrEqual(beforeCancel + 5));
    for (const m of smtp.messages.slice(beforeCancel)) {
      const parts = calendarParts(m.mail);
      expect(parts.length).toBeGreaterThanOrEqual(1);
      const cal = readCalendar(parts[0].text);
      expect(cal.method).toBe('CANCEL');
      expect(cal.events[0]).toMatchObject({ uid: `${concertationId}@concerto.test`, sequence: 2, status: 'CANCELLED' });
      expect(m.mail.subject).toMatch(language(m) === 'nl' ? /(Geannuleerd|gaat niet door)/ : /(Annulation|annulée)/);
    }
    // No reminder of a cancelled meeting: the 2-hour reminder timer is gone.
    const pending = await t.sql(
      `SELECT 1 FROM "notifications"."timers" WHERE "fired_at" IS NULL AND "cancelled_at" IS NULL`,
    );
    expect(pending).toHaveLength(0);
  });

  it('should ask every invitee for the dates that suit them with a date poll, in their language, through a single-purpose link', async () => {
    const before = smtp.messages.length;
    const options = [
      { start: '2026-11-25T09:00:00Z', end: '2026-11-25T10:00:00Z' },
      { start: '2026-11-26T08:00:00Z', end: '2026-11-26T09:00:00Z' },
    ];
    const poll = await post(`/v1/cases/${caseId}/concertations/polls`, {
      options,
      closesAt: '2026-11-24T16:00:00Z',
      location: { kind: 'video', label: 'https://meet.example.test/poll' },
    });
    expect(poll.status).toBe(201);
    const pollInvitation = Object.fromEntries(
      (poll.body.invitations as Array<{ id: string; participantId: string }>).map((i) => [
        Object.entries(participants).find(([, id]) => id === i.participantId)![0],
        i.id,
      ]),
    );

    await expectEventually(async () => expect(smtp.messages.length).toBe(before + 5));
    const asked = smtp.messages.slice(before);
    expect(asked.map(to).sort()).toEqual([
      'gp@example.test',
      'hospital@example.test',
      'jan.peeters@example.test',
      'nurse@example.test',
      'social@example.test',
    ]);
    for (const m of asked) {
      const nl = language(m) === 'nl';
      expect(m.mail.subject).toMatch(
        to(m) === 'jan.peeters@example.test'
          ? /^Wanneer kunt u naar een overleg komen\?/
          : nl
            ? /^Welke data passen u\?/
            : /^Quelles dates vous conviennent \?/,
      );
      // No calendar object: nothing is fixed yet. Both dates, numbered, in Brussels time (UTC+1 in November).
      expect(calendarParts(m.mail)).toEqual([]);
      expect(m.mail.text).toMatch(/^1\. .*25.*10:00/m);
      expect(m.mail.text).toMatch(/^2\. .*26.*09:00/m);
      const links = [
        // a short token: 22 characters, nothing inside
        ...(m.mail.text ?? '').matchAll(/https?:\/\/\S+\/p\/([A-Za-z0-9_-]{22})(?![A-Za-z0-9_.-])/g),
      ].map((x) => x[1]);
      expect(links).toHaveLength(1);
      expect(await answerLinks(m)).toEqual({});
    }
    // The relative answers through the link in the e-mail; the same token is no answer link for a meeting.
    const janToken = /\/p\/(\S+)/.exec(mailTo('jan.peeters@example.test').at(-1)!.mail.text!)![1];
    expect((await t.http().get(`/v1/polls/answers/${janToken}`)).body.options).toHaveLength(2);
    expect(
      (
        await t
          .http()
          .post(`/v1/polls/answers/${janToken}`)
          .send({ answers: ['yes', 'if-need-be'] })
      ).status,
    ).toBe(200);
    expect((await t.http().post(`/v1/rsvp/${janToken}`).send({})).status).toBe(404);
    // The person, who has neither e-mail nor phone, gets a letter in Dutch through the coordinator.
    await expectEventually(async () => {
      const letter = (await tasks()).find((x) => x.kind === 'post-letter' && x.invitationId === pollInvitation.person);
      expect(letter).toMatchObject({ status: 'open', messageKind: 'poll-invitation', language: 'nl' });
    });
    await expectEventually(async () => {
      const sent = (await events('invitation.sent')).filter((e) => e.envelope.data.purpose === 'poll');
      expect(sent.map((e) => e.envelope.data.invitationId).sort()).toEqual(Object.values(pollInvitation).sort());
      for (const e of sent) {
        expect(e.envelope.data).toMatchObject({ concertationId: poll.body.id, caseId, sequence: 0 });
        expect(new EventValidator().validate(e.envelope).ok).toBe(true);
      }
    });
  });

  it('should keep the development mailbox closed when a real SMTP server is configured', async () => {
    expect(
      (
        await t
          .http()
          .get('/v1/dev/mailbox')
          .set(...auth(coord))
      ).status,
    ).toBe(404);
  });
});

/** A case in bassin Nord with one professional invited by e-mail to a video meeting; returns ids. */
async function oneInviteeMeeting(
  t: TestEngine,
  email: string,
): Promise<{ caseId: string; concertationId: string; coord: string }> {
  const coord = await t.token('coord-nord');
  const res = await t
    .http()
    .post('/v1/alerts')
    .set('Authorization', `Bearer ${await t.token('pro-pharmacist')}`)
    .send(
      alertBody(
        {},
        { givenName: 'Marcel', familyName: 'Dupont', address: { postalCode: '1090' }, preferredLanguage: 'fr' },
      ),
    );
  const caseId = res.body.caseId as string;
  await expectEventually(async () =>
    expect(
      (await t.http().get(`/v1/cases/${caseId}/participants`).set('Authorization', `Bearer ${coord}`)).status,
    ).toBe(200),
  );
  const add = await t
    .http()
    .post(`/v1/cases/${caseId}/participants`)
    .set('Authorization', `Bearer ${coord}`)
    .send({ kind: 'professional', professionalId: 'pro-pharmacist', email });
  const pharmacist = add.body.participant.id as string;
  await t
    .http()
    .post(`/v1/cases/${caseId}/consent`)
    .set('Authorization', `Bearer ${coord}`)
    .send({
      decision: 'granted',
      givenBy: 'person',
      scopes: [{ participantId: pharmacist, dataCategories: ['meeting-details'] }],
    })
    .expect(200);
  const scheduled = await t
    .http()
    .post(`/v1/cases/${caseId}/concertations`)
    .set('Authorization', `Bearer ${coord}`)
    .send({
      start: '2026-11-25T13:00:00Z',
      end: '2026-11-25T14:00:00Z',
      location: { kind: 'video', label: 'https://meet.example.test/marcel' },
    });
  expect(scheduled.status).toBe(201);
  return { caseId, concertationId: scheduled.body.concertation.id, coord };
}

describe('development mailbox (embedded, no SMTP_URL)', () => {
  let t: TestEngine;
  const mailboxClock = new ManualClock(new Date('2026-11-23T08:00:00Z'));

  beforeAll(async () => {
    t = await startTestEngine({ clock: mailboxClock });
  });
  afterAll(() => t?.close());

  it('should capture e-mails as .eml files readable through GET /v1/dev/mailbox, for coordinators only', async () => {
    const { coord } = await oneInviteeMeeting(t, 'pharmacist@example.test');

    const mailbox = await expectEventually(async () => {
      const list = await t.http().get('/v1/dev/mailbox').set('Authorization', `Bearer ${coord}`);
      expect(list.status).toBe(200);
      expect(list.body.items.filter(invitationMail)).toHaveLength(1);
      return list.body.items as Array<{
        id: string;
        type: string;
        to?: string;
        language?: string;
        calendarMethod?: string;
      }>;
    });
    const mail = mailbox.find(invitationMail)!;
    expect(mail).toMatchObject({ to: 'pharmacist@example.test', language: 'fr', calendarMethod: 'REQUEST' });
    const raw = await t
      .http()
      .get(`/v1/dev/mailbox/${mail.id}`)
      .set('Authorization', `Bearer ${coord}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toMatch(/^message\/rfc822/);
    expect((raw.body as Buffer).toString('utf8')).toContain('METHOD:REQUEST');
    // The same .eml is in the folder a person can open.
    expect((await readFile(join(t.dataDir, 'mailbox', `${mail.id}.eml`), 'utf8')).length).toBeGreaterThan(100);
    // A pharmacist reads nothing of it (the mailbox decides per message and audits the refusal).
    const pharmacistView = await t
      .http()
      .get('/v1/dev/mailbox')
      .set('Authorization', `Bearer ${await t.token('pro-pharmacist')}`);
    expect([pharmacistView.status, pharmacistView.body.items]).toEqual([200, []]);
    expect(
      (await t.http().get('/v1/dev/mailbox/ffffffffffffffffffffffffffffffff').set('Authorization', `Bearer ${coord}`))
        .status,
    ).toBe(404);
    // The development mailbox is the recipient's mailbox: the invitation is delivered as soon as it is written.
    await expectEventually(async () => {
      const delivered = await t.sql<{ envelope: { data: Record<string, unknown> } }>(
        `SELECT "envelope" FROM "notifications"."outbox" WHERE "envelope"->>'type' = 'invitation.delivered'`,
      );
      expect(delivered.map((d) => d.envelope.data)).toEqual([
        expect.objectContaining({ channel: 'email', purpose: 'invitation', sequence: 0 }),
      ]);
    });
  });

  it('should keep its reminder timers across a restart of the engine', async () => {
    const pending = await t.sql(
      `SELECT 1 FROM "notifications"."timers" WHERE "kind" = 'meeting.reminder' AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
    );
    expect(pending).toHaveLength(2);
    const dataDir = t.dataDir;
    await t.stop();
    t = await startTestEngine({ dataDir, clock: mailboxClock });
    const coord = await t.token('coord-nord');
    mailboxClock.advance(6 * HOUR); // past the "in two days" reminder (Monday 14:00)
    await expectEventually(async () => {
      const list = await t.http().get('/v1/dev/mailbox').set('Authorization', `Bearer ${coord}`);
      const emails = list.body.items.filter(invitationMail);
      expect(emails.map((e: { subject: string }) => e.subject.split(' :')[0])).toEqual(['Invitation', 'Rappel']);
    });
  });
});

describe('delivery failures: bounded retries with backoff, then the next channel (embedded, SMTP server down)', () => {
  let t: TestEngine;

  beforeAll(async () => {
    // A port nobody listens on: every SMTP attempt fails (a transient error).
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    t = await startTestEngine({
      clock: new ManualClock(new Date('2026-11-23T08:00:00Z')),
      config: {
        SMTP_URL: `smtp://127.0.0.1:${port}?timeoutMs=2000`,
        NOTIFICATIONS_MAX_ATTEMPTS: '3',
        NOTIFICATIONS_RETRY_BACKOFF_MS: '50',
      },
    });
  });
  afterAll(() => t?.close());

  it('should retry, then fail with invitation.failed (a code, no address) and hand the invitation to the coordinator', async () => {
    const { caseId, concertationId, coord } = await oneInviteeMeeting(t, 'pharmacist@example.test');
    const failed = await expectEventually(async () => {
      const rows = await t.sql<{ status: string; attempts: number; last_error_code: string; invitation_id: string }>(
        `SELECT "status","attempts","last_error_code","invitation_id" FROM "notifications"."deliveries" WHERE "concertation_id" = $1 AND "channel" = 'email'`,
        [concertationId],
      );
      expect(rows).toEqual([expect.objectContaining({ status: 'failed', attempts: 3 })]);
      return rows[0];
    });
    expect(failed.last_error_code).toMatch(/^email-[a-z0-9-]+$/);
    const [event] = await t.sql<{ envelope: { data: Record<string, unknown> } }>(
      `SELECT "envelope" FROM "notifications"."outbox" WHERE "envelope"->>'type' = 'invitation.failed'`,
    );
    expect(event.envelope.data).toMatchObject({
      concertationId,
      caseId,
      channel: 'email',
      purpose: 'invitation',
      reason: failed.last_error_code,
    });
    expect(JSON.stringify(event)).not.toContain('example.test');
    // The next channel: the pharmacist has no phone on the case, so the coordinator calls, with the letter to read out.
    // (The person, who has no e-mail or phone on the case, gets a phone-call task of their own.)
    await expectEventually(async () => {
      const tasks = (await t.http().get(`/v1/cases/${caseId}/tasks`).set('Authorization', `Bearer ${coord}`)).body
        .tasks as Array<{ invitationId: string }>;
      expect(tasks.filter((task) => task.invitationId === failed.invitation_id)).toEqual([
        expect.objectContaining({
          kind: 'phone-call',
          messageKind: 'invitation',
          language: 'fr',
          letterUrl: expect.any(String),
        }),
      ]);
    });
  });
});
