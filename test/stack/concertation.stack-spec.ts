/**
 * The concertation flow against the running distributed stack, every step through the gateway:
 * consent, a team of six, calendars, a slot before the discharge date, invitations in French and
 * Dutch written by the notifications service (its mailbox folder: the stack has no SMTP relay),
 * answers through the links in those e-mails, a reschedule with SEQUENCE 1, and a date poll.
 * Reminders and the no-answer chain: reminders.stack-spec.ts.
 */
import { calendarParts, readCalendar } from '#concerto/testing';
import {
  alertBody,
  answerToken,
  call,
  eventually,
  GATEWAY_URL,
  readMailbox as mailbox,
  readMailboxMail as readMail,
  StackTokens,
  uniquePerson,
} from './stack-client.js';

const WORKDAY = {
  mon: ['08:00-18:00'],
  tue: ['08:00-18:00'],
  wed: ['08:00-18:00'],
  thu: ['08:00-18:00'],
  fri: ['08:00-18:00'],
};

describe(`concertation through the distributed stack (${GATEWAY_URL})`, () => {
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const email = (who: string) => `${who}.${run}@example.test`;
  let coord: string;
  let caseId: string;
  let concertationId: string;
  let deadline: Date;
  const participants: Record<string, string> = {};
  const invitations: Record<string, string> = {};

  const post = (path: string, body: unknown) => call('POST', path, { token: coord, body });
  const put = (path: string, body: unknown) => call('PUT', path, { token: coord, body });
  const ours = async () => (await mailbox()).filter((m) => m.to.includes(`.${run}@`));

  beforeAll(async () => {
    const tokens = await StackTokens.load();
    coord = await tokens.token('coord-sud');
    // A discharge a week away (at least three working days whatever today is), at 16:00 UTC.
    deadline = new Date(Date.now() + 7 * 86400_000);
    deadline.setUTCHours(16, 0, 0, 0);
    const res = await call('POST', '/v1/alerts', {
      token: await tokens.token('pro-hospital-nurse'),
      body: alertBody(
        { type: 'imminent-discharge', urgency: 'urgent', deadline: deadline.toISOString() },
        uniquePerson({ address: { postalCode: '1180' }, preferredLanguage: 'nl' }),
      ),
    });
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
  });

  it('seats the person, builds a team of six with consent, and finds a slot before the discharge', async () => {
    // scheduling consumed case.opened from Kafka and read the person's language from the alerts vault.
    const team = await eventually(async () => {
      const r = await call('GET', `/v1/cases/${caseId}/participants`, { token: coord });
      expect(r.status).toBe(200);
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants;
    }, 30000);
    participants.person = team[0].id;
    expect(team[0]).toMatchObject({ kind: 'person', language: 'nl' });
    expect(
      (
        await call('PATCH', `/v1/cases/${caseId}/participants/${participants.person}`, {
          token: coord,
          body: { email: email('person') },
        })
      ).status,
    ).toBe(200);

    const add = async (body: Record<string, unknown>) => {
      const r = await post(`/v1/cases/${caseId}/participants`, body);
      expect(r.status).toBe(201);
      return r.body.participant.id as string;
    };
    participants.relative = await add({
      kind: 'relative',
      displayName: 'Jan Stack',
      language: 'nl',
      email: email('relative'),
    });
    participants.gp = await add({ kind: 'professional', professionalId: 'pro-gp', required: true, email: email('gp') });
    participants.nurse = await add({ kind: 'professional', professionalId: 'pro-home-nurse', email: email('nurse') });
    participants.social = await add({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      email: email('social'),
    });
    participants.hospital = await add({
      kind: 'professional',
      professionalId: 'pro-hospital-nurse',
      email: email('hospital'),
    });

    // No invitation without consent.
    const early = await post(`/v1/cases/${caseId}/concertations`, {
      start: new Date(Date.now() + 2 * 86400_000).toISOString(),
      end: new Date(Date.now() + 2 * 86400_000 + 3600_000).toISOString(),
      location: { kind: 'phone', label: 'Phone' },
    });
    expect(early.status).toBe(409);
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
    for (const informal of [participants.person, participants.relative]) {
      expect((await put(`/v1/calendars/${informal}/weekly-hours`, WORKDAY)).status).toBe(200);
    }
    expect(
      (await post('/v1/bassins/sud/rooms', { name: `Salle Sud ${run}`, capacity: 10, stepFree: true })).status,
    ).toBe(201);
    const search = await post(`/v1/cases/${caseId}/concertations/slot-search`, { durationMinutes: 60 });
    expect(search.status).toBe(200);
    expect(search.body.status).toBe('ok');
    const [slot] = search.body.slots;
    expect(new Date(slot.end).getTime()).toBeLessThanOrEqual(deadline.getTime());

    const scheduled = await post(`/v1/cases/${caseId}/concertations`, {
      start: slot.start,
      end: slot.end,
      location: { kind: 'video', label: 'https://meet.example.test/stack' },
    });
    expect(scheduled.status).toBe(201);
    concertationId = scheduled.body.concertation.id;
    for (const inv of scheduled.body.concertation.invitations as Array<{ id: string; participantId: string }>) {
      invitations[Object.entries(participants).find(([, id]) => id === inv.participantId)![0]] = inv.id;
    }
    expect(Object.keys(invitations).sort()).toEqual(['gp', 'hospital', 'nurse', 'person', 'relative', 'social']);
  });

  it('writes each invitee an invitation in their language with an iCalendar REQUEST, and scheduling learns they were delivered', async () => {
    const mails = await eventually(async () => {
      const m = await ours();
      expect(m).toHaveLength(6);
      return m;
    }, 30000);
    const languages = Object.fromEntries(mails.map((m) => [m.to.split('.')[0], m.language]));
    // The directory's GP and home nurse speak Dutch; the person and the relative asked for Dutch.
    expect(languages).toEqual({ person: 'nl', relative: 'nl', gp: 'nl', nurse: 'nl', social: 'fr', hospital: 'fr' });
    for (const entry of mails) {
      expect(entry.calendarMethod).toBe('REQUEST');
      const mail = await readMail(entry);
      const cal = readCalendar(calendarParts(mail)[0].text);
      expect(cal.method).toBe('REQUEST');
      expect(cal.events[0]).toMatchObject({ sequence: 0, startTzid: 'Europe/Brussels' });
      expect(cal.events[0].uid.startsWith(concertationId)).toBe(true);
    }
    await eventually(async () => {
      const meeting = await call('GET', `/v1/concertations/${concertationId}`, { token: coord });
      expect(meeting.body.invitations.map((i: { status: string }) => i.status)).toEqual(Array(6).fill('delivered'));
    }, 30000);
  });

  it('takes two answers through the links in the e-mails, anonymously through the gateway', async () => {
    const token = async (who: string, action: 'accept' | 'decline') =>
      answerToken(
        (await ours()).find((m) => m.to === email(who))!,
        action,
      );
    expect((await call('POST', `/v1/rsvp/${await token('gp', 'accept')}`, { body: {} })).status).toBe(200);
    expect((await call('POST', `/v1/rsvp/${await token('social', 'decline')}`, { body: {} })).status).toBe(200);
    expect((await call('POST', `/v1/rsvp/${await token('social', 'decline')}x`, { body: {} })).status).toBe(404);
    const meeting = await call('GET', `/v1/concertations/${concertationId}`, { token: coord });
    const status = Object.fromEntries(
      (meeting.body.invitations as Array<{ id: string; status: string }>).map((i) => [i.id, i.status]),
    );
    expect([status[invitations.gp], status[invitations.social]]).toEqual(['accepted', 'declined']);
  });

  it('sends updated invitations with SEQUENCE 1 when the meeting moves', async () => {
    const meeting = (await call('GET', `/v1/concertations/${concertationId}`, { token: coord })).body;
    const start = new Date(new Date(meeting.start).getTime() + 3600_000).toISOString();
    const end = new Date(new Date(meeting.end).getTime() + 3600_000).toISOString();
    const moved = await post(`/v1/concertations/${concertationId}/reschedule`, {
      start,
      end,
      location: { kind: 'video', label: 'https://meet.example.test/stack' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.sequence).toBe(1);
    const updates = await eventually(async () => {
      const u = (await ours()).filter((m) => m.idempotencyKey.startsWith('update:'));
      expect(u).toHaveLength(6);
      return u;
    }, 30000);
    for (const entry of updates) {
      const cal = readCalendar(calendarParts(await readMail(entry))[0].text);
      expect(cal.events[0]).toMatchObject({ sequence: 1 });
      expect(cal.events[0].start.toISOString()).toBe(start);
    }
  });

  it('asks every invitee for their dates with a date poll answered through its link', async () => {
    const first = new Date(deadline.getTime() - 2 * 86400_000);
    first.setUTCHours(9, 0, 0, 0);
    const options = [
      { start: first.toISOString(), end: new Date(first.getTime() + 3600_000).toISOString() },
      {
        start: new Date(first.getTime() + 86400_000).toISOString(),
        end: new Date(first.getTime() + 86400_000 + 3600_000).toISOString(),
      },
    ];
    const poll = await post(`/v1/cases/${caseId}/concertations/polls`, {
      options,
      closesAt: new Date(Date.now() + 86400_000).toISOString(),
      location: { kind: 'video', label: 'https://meet.example.test/poll' },
    });
    expect(poll.status).toBe(201);
    const asked = await eventually(async () => {
      const p = (await ours()).filter((m) => m.idempotencyKey.startsWith('poll-invitation:'));
      expect(p).toHaveLength(6);
      return p;
    }, 30000);
    expect(asked.every((m) => m.calendarMethod === undefined)).toBe(true);
    const relative = await readMail(asked.find((m) => m.to === email('relative'))!);
    expect(relative.subject).toBe('Wanneer kunt u naar een overleg komen?');
    const link = /\/p\/(\S+)/.exec(relative.text ?? '')![1];
    expect((await call('GET', `/v1/polls/answers/${link}`)).body.options).toHaveLength(2);
    expect((await call('POST', `/v1/polls/answers/${link}`, { body: { answers: ['yes', 'if-need-be'] } })).status).toBe(
      200,
    );
  });
});

describe(`a crowded table and a person reached by letter, through the distributed stack (${GATEWAY_URL})`, () => {
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}l`;
  let coord: string;
  let caseId: string;

  beforeAll(async () => {
    const tokens = await StackTokens.load();
    coord = await tokens.token('coord-sud');
    const res = await call('POST', '/v1/alerts', {
      token: await tokens.token('pro-home-nurse'),
      body: alertBody({}, uniquePerson({ address: { postalCode: '1180' }, preferredLanguage: 'nl' })),
    });
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
  });

  it('warns the coordinator past eight people at the table, and asks her to post a letter in Dutch to the person', async () => {
    const team = await eventually(async () => {
      const r = await call('GET', `/v1/cases/${caseId}/participants`, { token: coord });
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants as Array<{ id: string }>;
    }, 30000);
    const person = team[0].id;
    // The person has an address but neither e-mail nor phone: a letter.
    const patched = await call('PATCH', `/v1/cases/${caseId}/participants/${person}`, {
      token: coord,
      body: { postalAddress: 'Rue de la Paix 12, 1180 Uccle' },
    });
    expect(patched.body.channels).toEqual(['letter']);

    const warnings: string[][] = [];
    const professionals = ['pro-gp', 'pro-home-nurse', 'pro-social-worker', 'pro-hospital-nurse', 'pro-pharmacist'];
    for (const [i, pro] of professionals.entries()) {
      const r = await call('POST', `/v1/cases/${caseId}/participants`, {
        token: coord,
        body: { kind: 'professional', professionalId: pro, email: `p${i}.${run}@example.test` },
      });
      expect(r.status).toBe(201);
      warnings.push(r.body.warnings);
    }
    for (const kind of ['relative', 'neighbour', 'volunteer']) {
      const r = await call('POST', `/v1/cases/${caseId}/participants`, {
        token: coord,
        body: { kind, displayName: `${kind} ${run}`, language: 'fr', email: `${kind}.${run}@example.test` },
      });
      expect(r.status).toBe(201);
      warnings.push(r.body.warnings);
    }
    // Eight at the table (the person and seven more) is fine; the ninth is one too many.
    expect(warnings.slice(0, 7).flat()).toEqual([]);
    expect(warnings[7]).toEqual([expect.stringMatching(/9 people/)]);
    const listed = await call('GET', `/v1/cases/${caseId}/participants`, { token: coord });
    expect(listed.body.warnings).toEqual([expect.stringMatching(/9 people/)]);

    const scopes = (listed.body.participants as Array<{ id: string }>).map((p) => ({
      participantId: p.id,
      dataCategories: ['meeting-details'],
    }));
    expect(
      (
        await call('POST', `/v1/cases/${caseId}/consent`, {
          token: coord,
          body: { decision: 'granted', givenBy: 'person', scopes },
        })
      ).status,
    ).toBe(200);
    const start = new Date(Math.ceil((Date.now() + 3 * 86400_000) / 3600_000) * 3600_000);
    const scheduled = await call('POST', `/v1/cases/${caseId}/concertations`, {
      token: coord,
      body: {
        start: start.toISOString(),
        end: new Date(start.getTime() + 3600_000).toISOString(),
        location: { kind: 'video', label: 'https://meet.example.test/letter' },
      },
    });
    expect(scheduled.status).toBe(201);
    const personInvitation = (
      scheduled.body.concertation.invitations as Array<{ id: string; participantId: string }>
    ).find((i) => i.participantId === person)!.id;

    const task = await eventually(async () => {
      const r = await call('GET', `/v1/cases/${caseId}/tasks`, { token: coord });
      const found = (r.body.tasks as Array<Record<string, any>>).find(
        (t) => t.kind === 'post-letter' && t.invitationId === personInvitation,
      );
      expect(found).toMatchObject({ status: 'open', messageKind: 'invitation', language: 'nl', sequence: 0 });
      return found!;
    }, 30000);
    const letter = await call('GET', task.letterUrl, { token: coord });
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toMatch(/^text\/html/);
    expect(letter.text).toContain('<html lang="nl">');
    expect(letter.text).toContain('1180 Uccle');
    expect(letter.text).not.toContain('/a/');
  });
});
