import { createServer, type AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { ManualClock } from '#concerto/ddd';
import {
  alertBody,
  calendarParts,
  expectEventually,
  startTestEngine,
  startTestSmtpServer,
  type TestEngine,
  type TestSmtpServer,
  toInviteesOnly,
} from '#concerto/testing';
import { CLIENTS, type ReplyFixture } from './fixtures/calendar-replies.js';

// Monday 23 November 2026, 09:00 in Brussels; the discharge is Thursday at 16:00.
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const icsStamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

describe('answering from the calendar app: iTIP REPLY by SMTP to the invitation reply address (embedded)', () => {
  let smtp: TestSmtpServer;
  let t: TestEngine;
  let inboundPort: number;
  let coord: string;
  let caseId: string;
  let concertationId: string;
  let meeting: { start: string; end: string };
  const emails: Record<string, string> = {
    gp: 'gp@example.test',
    nurse: 'nurse@example.test',
    relative: 'jan.peeters@example.test',
    social: 'social@example.test',
    hospital: 'hospital@example.test',
  };
  const participants: Record<string, string> = {};
  const invitations: Record<string, string> = {};
  const organizers: Record<string, string> = {};
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
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

  /** Sends a raw message to the engine's inbound listener, as the invitee's mail server would. */
  const deliver = async (raw: string, rcpt: string, from = 'someone@example.test') => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: inboundPort,
      secure: false,
      ignoreTLS: true,
    });
    try {
      return await transport.sendMail({ envelope: { from, to: [rcpt] }, raw });
    } finally {
      transport.close();
    }
  };
  const fixture = (role: string, over: Partial<ReplyFixture> = {}): ReplyFixture => ({
    organizer: organizers[role],
    attendee: emails[role],
    attendeeName: role === 'relative' ? 'Jan Peeters' : `Dr ${role}`,
    uid: `${concertationId}@concerto.test`,
    sequence: 0,
    partstat: 'ACCEPTED',
    start: icsStamp(meeting.start),
    end: icsStamp(meeting.end),
    ...over,
  });
  const statusOf = async (role: string) => {
    const r = await t
      .http()
      .get(`/v1/concertations/${concertationId}`)
      .set(...auth(coord))
      .expect(200);
    return (r.body.invitations as Array<{ id: string; status: string }>).find((i) => i.id === invitations[role])!
      .status;
  };
  const answeredEvents = async (role: string) =>
    (
      await t.sql<{ n: string }>(
        `SELECT count(*) AS n FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'invitation.answered' AND "envelope"->'data'->>'invitationId' = $1`,
        [invitations[role]],
      )
    )[0].n;

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ keep: toInviteesOnly });
    inboundPort = await freePort();
    t = await startTestEngine({
      clock,
      config: {
        SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
        NOTIFICATIONS_NO_ANSWER_HOURS: String(NO_ANSWER_HOURS),
        NOTIFICATIONS_RETRY_BACKOFF_MS: '50',
        MAIL_FROM_ADDRESS: 'no-reply@concerto.test',
        INBOUND_SMTP_PORT: String(inboundPort),
      },
    });
    coord = await t.token('coord-sud');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('should invite five people by e-mail, each calendar object with its own reply address as ORGANIZER and a neutral description', async () => {
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
    const person = await expectEventually(async () => {
      const team = await t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set(...auth(coord));
      expect(team.body.participants).toHaveLength(1);
      return team.body.participants[0].id as string;
    });
    const add = async (body: object) => {
      const r = await post(`/v1/cases/${caseId}/participants`, body);
      expect(r.status).toBe(201);
      return r.body.participant.id as string;
    };
    participants.relative = await add({
      kind: 'relative',
      displayName: 'Jan Peeters',
      language: 'nl',
      email: emails.relative,
    });
    participants.gp = await add({ kind: 'professional', professionalId: 'pro-gp', required: true, email: emails.gp });
    participants.nurse = await add({ kind: 'professional', professionalId: 'pro-home-nurse', email: emails.nurse });
    participants.social = await add({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      email: emails.social,
    });
    participants.hospital = await add({
      kind: 'professional',
      professionalId: 'pro-hospital-nurse',
      email: emails.hospital,
    });
    const scopes = [person, ...Object.values(participants)].map((participantId) => ({
      participantId,
      dataCategories: ['meeting-details'],
    }));
    expect((await post(`/v1/cases/${caseId}/consent`, { decision: 'granted', givenBy: 'person', scopes })).status).toBe(
      200,
    );
    for (const pro of ['pro-gp', 'pro-home-nurse', 'pro-social-worker', 'pro-hospital-nurse']) {
      expect((await put(`/v1/calendars/${pro}/weekly-hours`, WORKDAY)).status).toBe(200);
    }
    // The GP is away until Wednesday: a meeting far enough ahead for the no-answer chain to run.
    await put(`/v1/calendars/pro-gp/busy`, {
      blocks: [{ start: '2026-11-23T07:00:00Z', end: '2026-11-24T23:00:00Z' }],
    });
    for (const informal of [person, participants.relative]) {
      await put(`/v1/calendars/${informal}/weekly-hours`, WORKDAY);
    }
    expect((await post('/v1/bassins/sud/rooms', { name: 'Salle Sud', capacity: 10, stepFree: true })).status).toBe(201);
    const search = await post(`/v1/cases/${caseId}/concertations/slot-search`, { durationMinutes: 60 });
    expect(search.body.status).toBe('ok');
    meeting = { start: search.body.slots[0].start, end: search.body.slots[0].end };
    const rooms = await t
      .http()
      .get('/v1/bassins/sud/rooms')
      .set(...auth(coord));
    const r = await post(`/v1/cases/${caseId}/concertations`, {
      ...meeting,
      location: { kind: 'room', roomId: rooms.body[0].id },
    });
    expect(r.status).toBe(201);
    concertationId = r.body.concertation.id;
    for (const inv of r.body.concertation.invitations as Array<{ id: string; participantId: string }>) {
      const role = Object.entries(participants).find(([, id]) => id === inv.participantId)?.[0];
      if (role) {
        invitations[role] = inv.id;
      }
    }

    const received = await smtp.waitFor(5);
    for (const m of received) {
      const role = Object.entries(emails).find(([, e]) => e === m.envelope.to[0])![0];
      const [calendar] = calendarParts(m.mail).filter((p) => p.inline);
      const unfolded = calendar.text.replace(/\r\n[ \t]/g, '');
      const organizer = /^ORGANIZER[^:]*:mailto:(.+)$/m.exec(unfolded)![1].trim();
      expect(organizer).toMatch(/^reply\+[a-z2-7]{26}@concerto\.test$/);
      organizers[role] = organizer;
      expect(unfolded).toMatch(/^ATTENDEE;[^\r\n]*RSVP=TRUE/m);
      // No credential in the calendar entry: no answer link, no link at all, not the e-mail's text.
      const description = /^DESCRIPTION:(.*)$/m.exec(unfolded)![1];
      expect(description).not.toMatch(/https?:|\/v1\/rsvp\/|\/a\//);
      expect(unfolded).not.toContain('/a/');
      // The e-mail itself still carries the answer links.
      expect(m.mail.text).toContain('/a/');
    }
    // One address per invitation, none personal.
    expect(new Set(Object.values(organizers)).size).toBe(5);
    for (const address of Object.values(organizers)) {
      for (const id of [...Object.values(invitations), concertationId]) {
        expect(address).not.toContain(id.slice(0, 8));
      }
    }
  });

  const cases: Array<[keyof typeof CLIENTS, string, 'ACCEPTED' | 'DECLINED', string]> = [
    ['outlook', 'gp', 'ACCEPTED', 'accepted'],
    ['gmail', 'nurse', 'DECLINED', 'declined'],
    ['apple', 'relative', 'ACCEPTED', 'accepted'],
    ['thunderbird', 'social', 'DECLINED', 'declined'],
  ];
  it.each(cases)(
    'should record the %s REPLY of the %s as the answer page would (%s)',
    async (client, role, partstat, status) => {
      expect(await statusOf(role)).not.toBe(status);
      const info = await deliver(CLIENTS[client](fixture(role, { partstat })), organizers[role], emails[role]);
      expect(info.accepted).toEqual([organizers[role]]);
      await expectEventually(async () => expect(await statusOf(role)).toBe(status));
      expect(await answeredEvents(role)).toBe('1');
    },
  );

  it('should record the same REPLY sent twice once', async () => {
    await deliver(CLIENTS.outlook(fixture('gp')), organizers.gp, emails.gp);
    await deliver(CLIENTS.gmail(fixture('gp')), organizers.gp.toUpperCase(), emails.gp);
    expect(await answeredEvents('gp')).toBe('1');
    expect(await statusOf('gp')).toBe('accepted');
  });

  it('should ignore a REPLY whose ATTENDEE is not the invitee of the address, a TENTATIVE, another meeting or an older version', async () => {
    // the nurse's calendar answers to the hospital nurse's address: not hers to answer
    await deliver(CLIENTS.outlook(fixture('hospital', { attendee: emails.nurse })), organizers.hospital);
    // "maybe" is not an answer: the no-answer chain must go on asking
    await deliver(CLIENTS.thunderbird(fixture('hospital', { partstat: 'TENTATIVE' })), organizers.hospital);
    await deliver(
      CLIENTS.gmail(fixture('hospital', { uid: `00000000-0000-4000-8000-000000000000@concerto.test` })),
      organizers.hospital,
    );
    await deliver(CLIENTS.apple(fixture('hospital', { sequence: 3 })), organizers.hospital);
    expect(await statusOf('hospital')).not.toMatch(/accepted|declined/);
    expect(await answeredEvents('hospital')).toBe('0');
  });

  it('should refuse other recipients, unknown reply ids and mail without a calendar reply', async () => {
    const raw = CLIENTS.outlook(fixture('hospital'));
    await expect(deliver(raw, 'coordinator@concerto.test')).rejects.toMatchObject({ responseCode: 550 });
    await expect(deliver(raw, organizers.hospital.replace('@concerto.test', '@elsewhere.test'))).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(deliver(raw, 'reply+aaaaaaaaaaaaaaaaaaaaaaaaaa@concerto.test')).resolves.toBeDefined();
    await expect(
      deliver('From: hospital@example.test\r\nSubject: Re: invitation\r\n\r\nJe viendrai.\r\n', organizers.hospital),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      deliver(`Subject: big\r\n\r\n${'x'.repeat(600 * 1024)}\r\n`, organizers.hospital),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(await answeredEvents('hospital')).toBe('0');
    // nothing personal in what the engine logged or emitted about it
    const outbox = JSON.stringify(await t.sql(`SELECT "envelope" FROM "scheduling"."outbox"`));
    expect(outbox).not.toContain('example.test');
    expect(outbox).not.toContain('reply+');
  });

  it('should stop the no-answer chain for those who answered from their calendar, and only for them', async () => {
    clock.advance(NO_ANSWER_HOURS * HOUR + 60_000);
    // Whoever has not answered is chased (a reminder on another channel, a substitute or a task).
    const chased = async () => {
      const reminders = await t.sql<{ invitation_id: string }>(
        `SELECT "invitation_id" FROM "notifications"."deliveries" WHERE "kind" = 'no-answer-reminder'`,
      );
      const tasks = (
        await t
          .http()
          .get(`/v1/cases/${caseId}/tasks`)
          .set(...auth(coord))
          .expect(200)
      ).body.tasks as Array<{ kind: string; invitationId?: string }>;
      return [
        ...reminders.map((r) => r.invitation_id),
        ...tasks.filter((x) => ['substitute-proposal', 'no-answer'].includes(x.kind)).map((x) => x.invitationId),
      ];
    };
    await expectEventually(async () => expect(await chased()).toContain(invitations.hospital));
    for (const role of ['gp', 'nurse', 'relative', 'social']) {
      expect(await chased()).not.toContain(invitations[role]);
    }
  });

  it("should let the coordinator record an answer given by phone, marked and audited as on the invitee's behalf (R15)", async () => {
    const path = `/v1/concertations/${concertationId}/invitations/${invitations.hospital}/answer`;
    // Not another bassin's coordinator, not a written input without text, not an unknown channel.
    const other = await t
      .http()
      .post(path)
      .set(...auth(await t.token('coord-nord')))
      .send({ answer: 'accepted', channel: 'phone' });
    expect(other.status).toBe(404);
    expect((await post(path, { answer: 'written-input', channel: 'letter' })).status).toBe(422);
    expect((await post(path, { answer: 'accepted', channel: 'pigeon' })).status).toBe(400);

    const r = await post(path, { answer: 'accepted', channel: 'phone' });
    expect(r.status).toBe(200);
    const inv = (r.body.invitations as Array<Record<string, unknown>>).find((i) => i.id === invitations.hospital);
    expect(inv).toMatchObject({ status: 'accepted', onBehalf: { recordedBy: 'coord-sud', channel: 'phone' } });
    const event = await expectEventually(async () => {
      const rows = await t.sql<{ envelope: { data: Record<string, unknown> } }>(
        `SELECT "envelope" FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'invitation.answered' AND "envelope"->'data'->>'invitationId' = $1`,
        [invitations.hospital],
      );
      expect(rows).toHaveLength(1);
      return rows[0].envelope.data;
    });
    expect(event).toMatchObject({ answer: 'accepted', onBehalf: { recordedBy: 'coord-sud', channel: 'phone' } });
    const audit = await t.sql<{ actor_id: string; outcome: string }>(
      `SELECT "actor_id", "outcome" FROM "scheduling"."audit_log" WHERE "purpose" = 'record-answer-on-behalf-phone'`,
    );
    expect(audit.map((a) => [a.actor_id, a.outcome])).toContainEqual(['coord-sud', 'allowed']);
    // The invitee's own later answer replaces it, and the mark goes.
    await deliver(CLIENTS.outlook(fixture('hospital', { partstat: 'DECLINED' })), organizers.hospital, emails.hospital);
    const view = await t
      .http()
      .get(`/v1/concertations/${concertationId}`)
      .set(...auth(coord))
      .expect(200);
    const own = (view.body.invitations as Array<Record<string, unknown>>).find((i) => i.id === invitations.hospital);
    expect(own).toMatchObject({ status: 'declined' });
    expect(own).not.toHaveProperty('onBehalf');
  });
});
