/**
 * Reminders and the no-answer chain (issue 4, point 8) in the distributed mode: durable timers in
 * the notifications service's PostgreSQL schema, alarm jobs in BullMQ on Redis, messages through
 * the development mailbox and SMS sink, tasks through the gateway. The timers are a day or more
 * long, so the test moves the stack's development clock (DEV_CLOCK_CONTROL, DATA_DIR/clock-offset-ms)
 * and the services' timer sweep fires what became due, as it would days later.
 *
 * Invitation at T0 to six people with NOTIFICATIONS_NO_ANSWER_HOURS = 24 (the stack's default):
 *   T0 + 24 h  step 1, a reminder on another channel to each non-responder (SMS when they have a phone);
 *   T0 + 48 h  step 2, a substitute proposal for professionals (relatives skip to step 3);
 *   T0 + 72 h  step 3, the coordinator is alerted; the "in two days" reminders have gone out;
 *   start − 2 h  the "in two hours" reminder (SMS preferred).
 * Those who answered are never chased; those who declined get no meeting reminder.
 */
import {
  alertBody,
  answerToken,
  call,
  eventually,
  GATEWAY_URL,
  readMailbox,
  readSmsLog,
  setStackClockOffset,
  StackTokens,
  uniquePerson,
} from './stack-client.js';

const HOUR = 3600_000;
const NO_ANSWER_HOURS = 24;

interface Task {
  kind: string;
  invitationId: string;
  status: string;
  sequence: number;
}

describe(`reminders and the no-answer chain through the distributed stack (${GATEWAY_URL})`, () => {
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}r`;
  const email = (who: string) => `${who}.${run}@example.test`;
  let coord: string;
  let caseId: string;
  let sentAt: number;
  let start: Date;
  const participants: Record<string, string> = {};
  const invitations: Record<string, string> = {};

  const post = (path: string, body: unknown) => call('POST', path, { token: coord, body });
  /** Engine time `at` from now on (real time keeps running on top of it). */
  const moveClockTo = (at: number) => setStackClockOffset(at - Date.now());
  const ourMail = async () => (await readMailbox()).filter((m) => m.to.includes(`.${run}@`));
  const sms = async (kind: string) =>
    (await readSmsLog()).filter(
      (s) =>
        s.idempotencyKey.startsWith(`${kind}:`) &&
        Object.values(invitations).some((id) => s.idempotencyKey.endsWith(id)),
    );
  const mailOf = async (kind: string) => (await ourMail()).filter((m) => m.idempotencyKey.startsWith(`${kind}:`));
  const who = (key: string) => Object.entries(invitations).find(([, id]) => key.endsWith(id))![0];
  const tasks = async () => {
    // The coordinator's token is ten minutes long in real time: the gateway checks it against the real clock.
    const r = await call('GET', `/v1/cases/${caseId}/tasks`, { token: coord });
    expect(r.status).toBe(200);
    return r.body.tasks as Task[];
  };
  const taskHolders = async (kind: string) =>
    (await tasks())
      .filter((t) => t.kind === kind && t.status === 'open')
      .map((t) => Object.entries(invitations).find(([, id]) => id === t.invitationId)?.[0])
      .sort();

  beforeAll(async () => {
    await setStackClockOffset(0);
    const tokens = await StackTokens.load();
    coord = await tokens.token('coord-nord');
    const res = await call('POST', '/v1/alerts', {
      token: await tokens.token('pro-home-nurse'),
      body: alertBody({}, uniquePerson({ preferredLanguage: 'fr' })),
    });
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
  });

  afterAll(async () => {
    // Back to real time for whatever runs next on this stack.
    await setStackClockOffset(0);
  });

  it('invites a team of six to a meeting four days ahead; two answer through their links', async () => {
    const team = await eventually(async () => {
      const r = await call('GET', `/v1/cases/${caseId}/participants`, { token: coord });
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants;
    }, 30000);
    participants.person = team[0].id;
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
      displayName: 'Luc Stack',
      language: 'fr',
      email: email('relative'),
      phone: '+32 470 11 22 01',
    });
    participants.gp = await add({ kind: 'professional', professionalId: 'pro-gp', required: true, email: email('gp') });
    participants.nurse = await add({
      kind: 'professional',
      professionalId: 'pro-home-nurse',
      email: email('nurse'),
      phone: '+32 470 11 22 02',
    });
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
    const scopes = Object.values(participants).map((participantId) => ({
      participantId,
      dataCategories: ['meeting-details'],
    }));
    expect((await post(`/v1/cases/${caseId}/consent`, { decision: 'granted', givenBy: 'person', scopes })).status).toBe(
      200,
    );

    // Four days ahead on the hour: the "two days before" reminder falls after the first no-answer step.
    start = new Date(Math.ceil((Date.now() + 4 * 24 * HOUR) / HOUR) * HOUR);
    sentAt = Date.now();
    const scheduled = await post(`/v1/cases/${caseId}/concertations`, {
      start: start.toISOString(),
      end: new Date(start.getTime() + HOUR).toISOString(),
      location: { kind: 'video', label: 'https://meet.example.test/reminders' },
    });
    expect(scheduled.status).toBe(201);
    for (const inv of scheduled.body.concertation.invitations as Array<{ id: string; participantId: string }>) {
      invitations[Object.entries(participants).find(([, id]) => id === inv.participantId)![0]] = inv.id;
    }
    const sent = await eventually(async () => {
      const m = await mailOf('invitation');
      expect(m).toHaveLength(6);
      return m;
    }, 30000);

    const mailTo = (name: string) => sent.find((m) => m.to === email(name))!;
    expect((await call('POST', `/v1/rsvp/${await answerToken(mailTo('gp'), 'accept')}`, { body: {} })).status).toBe(
      200,
    );
    expect(
      (await call('POST', `/v1/rsvp/${await answerToken(mailTo('social'), 'decline')}`, { body: {} })).status,
    ).toBe(200);
    await eventually(async () => {
      const meeting = await call('GET', `/v1/concertations/${scheduled.body.concertation.id}`, { token: coord });
      const status = Object.fromEntries(
        (meeting.body.invitations as Array<{ id: string; status: string }>).map((i) => [i.id, i.status]),
      );
      expect([status[invitations.gp], status[invitations.social]]).toEqual(['accepted', 'declined']);
    }, 30000);
  });

  it(`reminds each non-responder on another channel ${NO_ANSWER_HOURS} h later, and nobody who answered`, async () => {
    // A witness: another case's meeting, starting just before this chain's first step is due, so its
    // own first no-answer check (an hour before its start) falls five minutes before that step. The
    // notifications service's timer sweep fires due timers in due order; once the witness's reminder
    // is out, a sweep has run at the moved time, with no guess at how long a sweep takes.
    const witnessMail = `witness.${run}w@example.test`;
    const tokens = await StackTokens.load();
    const witness = await call('POST', '/v1/alerts', {
      token: await tokens.token('pro-home-nurse'),
      body: alertBody({}, uniquePerson({ preferredLanguage: 'fr' })),
    });
    expect(witness.status).toBe(201);
    const witnessCase = witness.body.caseId as string;
    const witnessPerson = await eventually(async () => {
      const r = await call('GET', `/v1/cases/${witnessCase}/participants`, { token: coord });
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants[0].id as string;
    }, 30000);
    expect(
      (
        await call('PATCH', `/v1/cases/${witnessCase}/participants/${witnessPerson}`, {
          token: coord,
          body: { email: witnessMail },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await post(`/v1/cases/${witnessCase}/consent`, {
          decision: 'granted',
          givenBy: 'person',
          scopes: [{ participantId: witnessPerson, dataCategories: ['meeting-details'] }],
        })
      ).status,
    ).toBe(200);
    const witnessStart = new Date(Math.floor((sentAt + NO_ANSWER_HOURS * HOUR - 5 * 60_000) / 60_000) * 60_000);
    const witnessMeeting = await post(`/v1/cases/${witnessCase}/concertations`, {
      start: witnessStart.toISOString(),
      end: new Date(witnessStart.getTime() + HOUR).toISOString(),
      location: { kind: 'phone', label: 'Phone' },
    });
    expect(witnessMeeting.status).toBe(201);
    const witnessMails = async (kind: string) =>
      (await readMailbox()).filter((m) => m.to === witnessMail && m.idempotencyKey.startsWith(`${kind}:`));
    await eventually(async () => expect(await witnessMails('invitation')).toHaveLength(1), 30000);

    // Nothing before the time: one hour short of it, the chain has not started.
    await moveClockTo(sentAt + (NO_ANSWER_HOURS - 1) * HOUR);
    await eventually(async () => expect(await witnessMails('no-answer-reminder')).toHaveLength(1), 30000);
    expect(await sms('no-answer-reminder')).toEqual([]);
    expect(await mailOf('no-answer-reminder')).toEqual([]);

    await moveClockTo(sentAt + NO_ANSWER_HOURS * HOUR + 2 * 60_000);
    await eventually(async () => {
      // A phone for the relative and the nurse (their invitation went by e-mail): a text message.
      expect((await sms('no-answer-reminder')).map((s) => who(s.idempotencyKey)).sort()).toEqual(['nurse', 'relative']);
      // E-mail only: reminded on the channel that reached them.
      expect((await mailOf('no-answer-reminder')).map((m) => who(m.idempotencyKey)).sort()).toEqual([
        'hospital',
        'person',
      ]);
    }, 30000);
    const nurseText = (await sms('no-answer-reminder')).find((s) => who(s.idempotencyKey) === 'nurse')!;
    expect(nurseText.to).toBe('+32470112202');
    expect(await tasks()).toEqual([]);
  });

  it('proposes a substitute for a professional who still has not answered, then alerts the coordinator', async () => {
    await moveClockTo(sentAt + 2 * NO_ANSWER_HOURS * HOUR + 2 * 60_000);
    await eventually(async () => {
      expect(await taskHolders('substitute-proposal')).toEqual(['hospital', 'nurse']);
      // Relatives and the person get no substitute: the coordinator is alerted at once.
      expect(await taskHolders('no-answer')).toEqual(['person', 'relative']);
    }, 30000);

    await moveClockTo(sentAt + 3 * NO_ANSWER_HOURS * HOUR + 2 * 60_000);
    await eventually(
      async () => expect(await taskHolders('no-answer')).toEqual(['hospital', 'nurse', 'person', 'relative']),
      30000,
    );
    const chased = (await tasks()).map((t) => t.invitationId);
    expect(chased).not.toContain(invitations.gp);
    expect(chased).not.toContain(invitations.social);
    // Each step once, although BullMQ's own alarm for each timer is still days away in Redis' time.
    expect(
      (await tasks())
        .filter((t) => t.invitationId === invitations.nurse)
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['no-answer', 'substitute-proposal']);
    expect((await sms('no-answer-reminder')).filter((s) => who(s.idempotencyKey) === 'nurse')).toHaveLength(1);
  });

  it('reminds two days and two hours before the meeting everyone still coming or silent, never who declined', async () => {
    // Two days before (same Brussels wall-clock time) is before T0 + 72 h: already due.
    await eventually(
      async () =>
        expect((await mailOf('reminder-48h')).map((m) => who(m.idempotencyKey)).sort()).toEqual([
          'gp',
          'hospital',
          'nurse',
          'person',
          'relative',
        ]),
      30000,
    );

    await moveClockTo(start.getTime() - 2 * HOUR + 2 * 60_000);
    await eventually(async () => {
      // Two hours before, a text message where there is a phone, e-mail otherwise.
      expect((await sms('reminder-2h')).map((s) => who(s.idempotencyKey)).sort()).toEqual(['nurse', 'relative']);
      expect((await mailOf('reminder-2h')).map((m) => who(m.idempotencyKey)).sort()).toEqual([
        'gp',
        'hospital',
        'person',
      ]);
    }, 30000);
    expect(await mailOf('reminder-48h')).toHaveLength(5);
    expect(
      (await ourMail()).filter((m) => m.to === email('social')).map((m) => m.idempotencyKey.split(':')[0]),
    ).toEqual(['invitation']);
  });
});
