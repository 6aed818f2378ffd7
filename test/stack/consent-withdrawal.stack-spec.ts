/**
 * Consent withdrawal (issue 14, point 4; R05, R06) in the distributed mode: scheduling and
 * notifications are separate processes joined by Kafka (consent.changed on the concertation
 * topic, keyed by case), timers in PostgreSQL with their alarms in BullMQ on Redis, messages
 * through the development mailbox.
 *
 * Once the person's representative revokes: nothing about the case leaves any more (no update, no
 * reminder, even one whose time then comes), rescheduling is refused with a 409 naming consent,
 * the meeting is flagged to the coordinator, the care team's answer links answer neutrally, and
 * the consent history keeps both changes with their time and author.
 *
 * The "already due but not fired" timer is proven in the embedded test, where the sweep is held;
 * here the stack's sweep runs every few seconds, so the clock jumps right after the withdrawal and
 * a witness meeting of another case (consent kept) shows that the sweep ran past that time.
 */
import {
  alertBody,
  answerToken,
  call,
  eventually,
  GATEWAY_URL,
  readMailbox,
  setStackClockOffset,
  StackTokens,
  uniquePerson,
} from './stack-client.js';

const HOUR = 3600_000;

describe(`consent withdrawal through the distributed stack (${GATEWAY_URL})`, () => {
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}c`;
  const email = (who: string) => `${who}.${run}@example.test`;
  let tokens: StackTokens;
  let coord: string;
  let caseId: string;
  let meetingId: string;
  let start: Date;
  const participants: Record<string, string> = {};

  const post = (path: string, body: unknown) => call('POST', path, { token: coord, body });
  const ourMail = async () => (await readMailbox()).filter((m) => m.to.includes(`.${run}@`));

  /** A case of the bassin with its person reachable by e-mail, and consent granted for `extra` participants. */
  const openCase = async (personEmail: string, extra: Array<Record<string, unknown>>) => {
    const res = await call('POST', '/v1/alerts', {
      token: await tokens.token('pro-home-nurse'),
      body: alertBody({}, uniquePerson({ preferredLanguage: 'fr' })),
    });
    expect(res.status).toBe(201);
    const id = res.body.caseId as string;
    const person = await eventually(async () => {
      const r = await call('GET', `/v1/cases/${id}/participants`, { token: coord });
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants[0].id as string;
    }, 30000);
    expect(
      (await call('PATCH', `/v1/cases/${id}/participants/${person}`, { token: coord, body: { email: personEmail } }))
        .status,
    ).toBe(200);
    const ids: string[] = [];
    for (const body of extra) {
      const r = await post(`/v1/cases/${id}/participants`, body);
      expect(r.status).toBe(201);
      ids.push(r.body.participant.id as string);
    }
    const scopes = ids.map((participantId) => ({ participantId, dataCategories: ['meeting-details'] }));
    expect((await post(`/v1/cases/${id}/consent`, { decision: 'granted', givenBy: 'person', scopes })).status).toBe(
      200,
    );
    return { id, person, ids };
  };

  beforeAll(async () => {
    await setStackClockOffset(0);
    tokens = await StackTokens.load();
    coord = await tokens.token('coord-nord');
  });

  afterAll(async () => {
    await setStackClockOffset(0);
  });

  it('invites the team while the consent is granted', async () => {
    const c = await openCase(email('person'), [
      { kind: 'professional', professionalId: 'pro-gp', email: email('gp') },
      { kind: 'relative', displayName: 'Luc Stack', language: 'fr', email: email('relative') },
    ]);
    caseId = c.id;
    [participants.gp, participants.relative] = c.ids;
    // Three days ahead on the hour: its "in two days" reminder is a day away.
    start = new Date(Math.ceil((Date.now() + 3 * 24 * HOUR) / HOUR) * HOUR);
    const scheduled = await post(`/v1/cases/${caseId}/concertations`, {
      start: start.toISOString(),
      end: new Date(start.getTime() + HOUR).toISOString(),
      location: { kind: 'video', label: 'https://meet.example.test/consent' },
    });
    expect(scheduled.status).toBe(201);
    meetingId = scheduled.body.concertation.id;
    await eventually(async () => {
      const invitations = (await ourMail()).filter((m) => m.idempotencyKey.startsWith('invitation:'));
      expect(invitations.map((m) => m.to).sort()).toEqual([email('gp'), email('person'), email('relative')]);
    }, 30000);
  });

  it('stops everything once the representative revokes: reschedule refused, meeting flagged, links neutral', async () => {
    const gpInvitation = (await ourMail()).find((m) => m.to === email('gp'))!;
    const link = await answerToken(gpInvitation, 'accept');
    expect((await call('GET', `/v1/rsvp/${link}`)).status).toBe(200);

    const revoked = await post(`/v1/cases/${caseId}/consent`, {
      decision: 'revoked',
      givenBy: 'legal-representative',
    });
    expect([revoked.status, revoked.body.status]).toEqual([200, 'revoked']);

    const moved = await post(`/v1/concertations/${meetingId}/reschedule`, {
      start: new Date(start.getTime() + 24 * HOUR).toISOString(),
      end: new Date(start.getTime() + 25 * HOUR).toISOString(),
      location: { kind: 'video' },
    });
    expect(moved.status).toBe(409);
    expect(String(moved.headers.get('content-type'))).toMatch(/^application\/problem\+json/);
    expect(moved.body.type).toMatch(/consent-required$/);

    const meeting = await call('GET', `/v1/concertations/${meetingId}`, { token: coord });
    expect(meeting.body).toMatchObject({ status: 'scheduled', sequence: 0, consentWithdrawn: true });

    const info = await call('GET', `/v1/rsvp/${link}`);
    expect(info.status).toBe(409);
    expect(JSON.stringify(info.body)).not.toMatch(/consent|refus|revok|withdraw/i);
    expect(info.body.meeting).toBeUndefined();
  });

  it('sends no reminder when its time comes after the withdrawal (a witness case shows the sweep ran)', async () => {
    // The witness: another case, consent kept, its meeting five minutes later than ours, so its
    // reminder is due after ours and the sweep (due order) reaches ours first.
    const witnessMail = `witness.${run}w@example.test`;
    const witness = await openCase(witnessMail, []);
    const witnessStart = new Date(start.getTime() + 5 * 60_000);
    expect(
      (
        await post(`/v1/cases/${witness.id}/concertations`, {
          start: witnessStart.toISOString(),
          end: new Date(witnessStart.getTime() + HOUR).toISOString(),
          location: { kind: 'video' },
        })
      ).status,
    ).toBe(201);
    await eventually(async () => {
      expect((await readMailbox()).some((m) => m.to === witnessMail)).toBe(true);
    }, 30000);
    const before = (await ourMail()).length;

    // Both "in two days" reminders become due (Brussels wall clock two days before: at most 47-49 h before).
    await setStackClockOffset(start.getTime() - 47 * HOUR + 10 * 60_000 - Date.now());
    await eventually(
      async () => {
        const reminders = (await readMailbox()).filter(
          (m) => m.to === witnessMail && m.idempotencyKey.startsWith('reminder-48h:'),
        );
        expect(reminders).toHaveLength(1);
      },
      60000,
      250,
    );
    // Nothing about the withdrawn case left: no reminder, no update, no letter or text by e-mail.
    expect((await ourMail()).length).toBe(before);
    expect((await ourMail()).filter((m) => !m.idempotencyKey.startsWith('invitation:'))).toEqual([]);
  });

  it('keeps every consent change with its time and author, for the coordinators only', async () => {
    const history = await call('GET', `/v1/cases/${caseId}/consent/history`, { token: coord });
    expect(history.status).toBe(200);
    expect(history.body.changes).toEqual([
      expect.objectContaining({ version: 1, status: 'granted', givenBy: 'person', recordedBy: 'coord-nord' }),
      expect.objectContaining({
        version: 2,
        status: 'revoked',
        givenBy: 'legal-representative',
        recordedBy: 'coord-nord',
        recordedAt: expect.any(String),
      }),
    ]);
    const other = await call('GET', `/v1/cases/${caseId}/consent/history`, {
      token: await tokens.token('coord-sud'),
    });
    expect(other.status).toBe(404);
  });
});
