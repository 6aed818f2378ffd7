import { InvitationCardsService } from '../../scheduling/src/modules/concertations/interface/in-process/invitation-cards.service.js';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';

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

describe('concertation: consent, care team, slot before the discharge, invitations and answers (embedded)', () => {
  let t: TestEngine;
  let coord: string;
  let caseId: string;
  let auth: (token: string) => [string, string];

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    coord = await t.token('coord-sud');
    auth = (token) => ['Authorization', `Bearer ${token}`];
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
    caseId = res.body.caseId;
    await expectEventually(async () => {
      const team = await t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set(...auth(coord));
      expect(team.status).toBe(200);
      expect(team.body.participants).toHaveLength(1);
    });
  });
  afterAll(() => t?.close());

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

  it('should seat the person at the table by default, in their language', async () => {
    const team = await t
      .http()
      .get(`/v1/cases/${caseId}/participants`)
      .set(...auth(coord));
    expect(team.body.participants[0]).toMatchObject({
      kind: 'person',
      displayName: 'Simone Peeters',
      language: 'nl',
      required: true,
      interpreterNeeded: false,
      channels: ['phone-call'],
    });
  });

  it('should refuse to schedule anything before the person consents, and hide the case from others', async () => {
    const early = await post(`/v1/cases/${caseId}/concertations`, {
      start: '2026-11-24T10:00:00+01:00',
      end: '2026-11-24T11:00:00+01:00',
      location: { kind: 'video' },
    });
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/consent-required/);
    const stranger = await t
      .http()
      .get(`/v1/cases/${caseId}/participants`)
      .set(...auth(await t.token('coord-nord')));
    expect(stranger.status).toBe(404);
    const emergencyWithoutReason = await post(`/v1/cases/${caseId}/consent`, { decision: 'emergency-exception' });
    expect(emergencyWithoutReason.status).toBe(409);
  });

  let participants: Record<string, string> = {};

  it('should build a team of six, warn past the comfortable size, and keep informal people out of the directory', async () => {
    const add = async (body: object) => {
      const r = await post(`/v1/cases/${caseId}/participants`, body);
      expect(r.status).toBe(201);
      return r.body;
    };
    const relative = await add({
      kind: 'relative',
      displayName: 'Jan Peeters',
      language: 'nl',
      email: 'jan.peeters@example.test',
      phone: '+32 470 00 00 01',
    });
    expect(relative.participant).toMatchObject({ limitedRights: true, channels: ['email', 'sms'] });
    participants = {
      person: (
        await t
          .http()
          .get(`/v1/cases/${caseId}/participants`)
          .set(...auth(coord))
      ).body.participants.find((p: { kind: string }) => p.kind === 'person').id,
      relative: relative.participant.id,
      gp: (await add({ kind: 'professional', professionalId: 'pro-gp', required: true, email: 'gp@example.test' }))
        .participant.id,
      nurse: (await add({ kind: 'professional', professionalId: 'pro-home-nurse', email: 'nurse@example.test' }))
        .participant.id,
      social: (await add({ kind: 'professional', professionalId: 'pro-social-worker', email: 'social@example.test' }))
        .participant.id,
    };
    const last = await add({
      kind: 'professional',
      professionalId: 'pro-hospital-nurse',
      email: 'hospital@example.test',
    });
    participants.hospital = last.participant.id;
    expect(last.warnings).toEqual([]);
    const bassins = await t
      .http()
      .get('/v1/bassins')
      .set(...auth(coord));
    expect(JSON.stringify(bassins.body)).not.toContain('Jan Peeters');

    const unknownPro = await post(`/v1/cases/${caseId}/participants`, {
      kind: 'professional',
      professionalId: 'nobody',
    });
    expect(unknownPro.status).toBe(422);
  });

  it('should record consent with data categories per participant', async () => {
    const scopes = Object.values(participants).map((participantId) => ({
      participantId,
      dataCategories: ['meeting-details', 'case-status'],
    }));
    const r = await post(`/v1/cases/${caseId}/consent`, { decision: 'granted', givenBy: 'person', scopes });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'granted', concertationAllowed: true, recordedBy: 'coord-sud' });
    const events = await t.sql<{ envelope: { type: string; data: Record<string, unknown> } }>(
      `SELECT "envelope" FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'consent.changed'`,
    );
    expect(events.map((e) => e.envelope.data.status)).toEqual(['granted']);
  });

  let concertationId: string;
  let slot: { start: string; end: string };

  it('should propose ranked slots that end before the discharge, in Brussels time', async () => {
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
    const room = await post('/v1/bassins/sud/rooms', {
      name: 'Salle Sud (rez-de-chaussée)',
      capacity: 10,
      stepFree: true,
    });
    expect(room.status).toBe(201);

    const r = await post(`/v1/cases/${caseId}/concertations/slot-search`, { durationMinutes: 60 });
    expect(r.status).toBe(200);
    expect([r.body.status, r.body.reasons, r.body.unknownAvailability]).toEqual(['ok', [], []]);
    expect(r.body.slots.length).toBeGreaterThan(0);
    for (const s of r.body.slots) {
      expect(new Date(s.end).getTime()).toBeLessThan(new Date(DISCHARGE).getTime());
      expect(s.localStart).toMatch(/\+01:00$/);
      expect(s.missingRequired).toEqual([]);
    }
    // The GP is busy until Tuesday evening: the first slot is on Wednesday.
    expect(r.body.slots[0].localStart.startsWith('2026-11-25')).toBe(true);
    slot = { start: r.body.slots[0].start, end: r.body.slots[0].end };
  });

  it('should schedule the concertation and invite the six participants', async () => {
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
    expect(r.body.concertation).toMatchObject({
      status: 'scheduled',
      sequence: 0,
      location: { kind: 'room', label: 'Salle Sud (rez-de-chaussée)' },
    });
    expect(r.body.concertation.invitations).toHaveLength(6);
    const [event] = await t.sql<{ envelope: { data: { invitations: Array<{ channels: string[] }> } } }>(
      `SELECT "envelope" FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'concertation.scheduled'`,
    );
    expect(event.envelope.data.invitations.map((i) => i.channels).sort()).toEqual(
      [['email'], ['email'], ['email'], ['email'], ['email', 'sms'], ['phone-call']].sort(),
    );
    expect(JSON.stringify(event)).not.toMatch(/Peeters|example\.test/);

    const tooLate = await post(`/v1/cases/${caseId}/concertations`, {
      start: '2026-11-26T15:30:00+01:00',
      end: '2026-11-26T16:30:00+01:00',
      location: { kind: 'video' },
    });
    expect(tooLate.status).toBe(409);
  });

  it('should take answers through signed links without an account, and invalidate them when the meeting moves', async () => {
    const service = t.engine.app.get(InvitationCardsService, { strict: false });
    const meeting = (
      await t
        .http()
        .get(`/v1/concertations/${concertationId}`)
        .set(...auth(coord))
    ).body;
    const gpInvitation = meeting.invitations.find(
      (i: { participantId: string }) => i.participantId === participants.gp,
    );
    const card = await service.deliveryCard(gpInvitation.id);
    const token = (url: string) => url.split('/a/')[1];
    const accept = token(card!.links.acceptUrl);

    const info = await t.http().get(`/v1/rsvp/${accept}`);
    expect(info.body).toMatchObject({ action: 'accept', meeting: { status: 'scheduled' } });
    // The consent shares the meeting and the case status with the GP, not the team or the person's contact details.
    expect(info.body.team).toBeUndefined();
    expect(info.body.person).toBeUndefined();
    expect((await t.http().post(`/v1/rsvp/${accept}`).send({})).status).toBe(200);
    expect((await t.http().post(`/v1/rsvp/${accept}x`).send({})).status).toBe(404);

    const moved = await post(`/v1/concertations/${concertationId}/reschedule`, {
      start: new Date(new Date(slot.start).getTime() + 3600_000).toISOString(),
      end: new Date(new Date(slot.end).getTime() + 3600_000).toISOString(),
      location: { kind: 'video', label: 'https://meet.example.test/simone' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.sequence).toBe(1);
    expect(moved.body.invitations.find((i: { id: string }) => i.id === gpInvitation.id).status).toBe('pending');
    expect((await t.http().post(`/v1/rsvp/${accept}`).send({})).status).toBe(409);

    const fresh = await service.deliveryCard(gpInvitation.id);
    const written = token(fresh!.links.writtenInputUrl);
    expect((await t.http().post(`/v1/rsvp/${written}`).send({})).status).toBe(422);
    expect(
      (
        await t
          .http()
          .post(`/v1/rsvp/${written}`)
          .send({ writtenInput: 'Home nursing twice a day; I will visit Friday.' })
      ).status,
    ).toBe(200);
    const after = (
      await t
        .http()
        .get(`/v1/concertations/${concertationId}`)
        .set(...auth(coord))
    ).body;
    expect(after.invitations.find((i: { id: string }) => i.id === gpInvitation.id)).toMatchObject({
      status: 'written-input',
      writtenInput: expect.stringContaining('Friday'),
    });
    const types = (
      await t.sql<{ t: string }>(`SELECT "envelope"->>'type' AS t FROM "scheduling"."outbox" ORDER BY "seq"`)
    ).map((r) => r.t);
    expect(types).toEqual([
      'consent.changed',
      'concertation.scheduled',
      'invitation.answered',
      'concertation.rescheduled',
      'invitation.answered',
    ]);
  });

  it("should show an invitee only what the person's consent shares with them, and audit it", async () => {
    const service = t.engine.app.get(InvitationCardsService, { strict: false });
    const meeting = (
      await t
        .http()
        .get(`/v1/concertations/${concertationId}`)
        .set(...auth(coord))
    ).body;
    const linkOf = async (participantId: string) => {
      const inv = meeting.invitations.find((i: { participantId: string }) => i.participantId === participantId);
      return (await service.deliveryCard(inv.id))!.links.declineUrl.split('/a/')[1];
    };
    const scopes = Object.values(participants).map((participantId) => ({
      participantId,
      dataCategories:
        participantId === participants.nurse
          ? ['meeting-details', 'care-team', 'contact-details']
          : ['meeting-details'],
    }));
    expect((await post(`/v1/cases/${caseId}/consent`, { decision: 'granted', givenBy: 'person', scopes })).status).toBe(
      200,
    );

    const nurseInfo = await t.http().get(`/v1/rsvp/${await linkOf(participants.nurse)}`);
    expect(nurseInfo.status).toBe(200);
    const nurse = nurseInfo.body;
    expect(nurse.person).toEqual({ displayName: 'Simone Peeters' });
    const kinds = nurse.team.map((p: { kind: string }) => p.kind).sort();
    expect(kinds).toEqual(['person', 'professional', 'professional', 'professional', 'relative']);
    // Informal helpers are never named to professionals; professionals are.
    expect(nurse.team.find((p: { kind: string }) => p.kind === 'relative')).toEqual({ kind: 'relative' });
    expect(
      nurse.team
        .filter((p: { kind: string }) => p.kind === 'professional')
        .every((p: { displayName?: string }) => !!p.displayName),
    ).toBe(true);

    const social = (await t.http().get(`/v1/rsvp/${await linkOf(participants.social)}`)).body;
    expect([social.team, social.person]).toEqual([undefined, undefined]);
    // The person sees their own table, with every name.
    const person = (await t.http().get(`/v1/rsvp/${await linkOf(participants.person)}`)).body;
    expect(person.team.find((p: { kind: string }) => p.kind === 'relative').displayName).toBe('Jan Peeters');
    expect(person.person).toBeUndefined();

    const audit = await t.sql<{ actor_id: string; purpose: string }>(
      `SELECT "actor_id","purpose" FROM "scheduling"."audit_log" WHERE "actor_id" LIKE 'invitee:%' ORDER BY "id"`,
    );
    expect(audit.map((a) => a.purpose)).toEqual(['answer-link:care-team+contact-details', 'answer-link:care-team']);
  });

  it('should cancel with a higher sequence and refuse answers afterwards', async () => {
    const r = await post(`/v1/concertations/${concertationId}/cancel`, {});
    expect(r.body).toMatchObject({ status: 'cancelled', sequence: 2 });
    expect((await post(`/v1/concertations/${concertationId}/cancel`, {})).status).toBe(409);
  });

  it('should fall back to a date poll answered through links, and fix the best date when it closes', async () => {
    const poll = await post(`/v1/cases/${caseId}/concertations/polls`, {
      options: [
        { start: '2026-11-25T14:00:00+01:00', end: '2026-11-25T15:00:00+01:00' },
        { start: '2026-11-26T10:00:00+01:00', end: '2026-11-26T11:00:00+01:00' },
      ],
      closesAt: '2026-11-24T12:00:00+01:00',
      location: { kind: 'video', label: 'https://meet.example.test/poll' },
    });
    expect(poll.status).toBe(201);
    expect(poll.body.invitations).toHaveLength(6);
    const afterDeadline = await post(`/v1/cases/${caseId}/concertations/polls`, {
      options: [{ start: '2026-11-26T15:30:00+01:00', end: '2026-11-26T16:30:00+01:00' }],
      closesAt: '2026-11-24T12:00:00+01:00',
      location: { kind: 'video' },
    });
    expect(afterDeadline.status).toBe(422);

    const polls = t.engine.app.get(InvitationCardsService, { strict: false });
    const token = async (participantId: string) => {
      const inv = poll.body.invitations.find((i: { participantId: string }) => i.participantId === participantId);
      return (await polls.pollCard(inv.id))!.answerUrl.split('/p/')[1];
    };
    const person = await token(participants.person);
    expect((await t.http().get(`/v1/polls/answers/${person}`)).body.options).toHaveLength(2);
    expect(
      (
        await t
          .http()
          .post(`/v1/polls/answers/${person}`)
          .send({ answers: ['no', 'yes'] })
      ).status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .post(`/v1/polls/answers/${await token(participants.relative)}`)
          .send({ answers: ['yes', 'if-need-be'] })
      ).status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .post(`/v1/polls/answers/${await token(participants.gp)}`)
          .send({ answers: ['yes'] })
      ).status,
    ).toBe(409);
    expect(
      (
        await t
          .http()
          .post(`/v1/polls/answers/${person}x`)
          .send({ answers: ['yes', 'yes'] })
      ).status,
    ).toBe(404);

    clock.set(new Date('2026-11-24T11:01:00Z'));
    const concertation = await expectEventually(async () => {
      const [row] = await t.sql<{ concertation_id: string | null; status: string }>(
        `SELECT "concertation_id","status" FROM "scheduling"."polls" WHERE "id" = $1`,
        [poll.body.id],
      );
      expect(row.status).toBe('closed');
      return row.concertation_id;
    });
    const meeting = (
      await t
        .http()
        .get(`/v1/concertations/${concertation}`)
        .set(...auth(coord))
    ).body;
    // The person cannot come on the 25th: the 26th is chosen although the relative preferred the 25th.
    expect(meeting).toMatchObject({
      status: 'scheduled',
      start: '2026-11-26T09:00:00.000Z',
      location: { kind: 'video' },
    });
    expect(
      (
        await t
          .http()
          .post(`/v1/polls/answers/${person}`)
          .send({ answers: ['yes', 'yes'] })
      ).status,
    ).toBe(409);
  });

  it('should stop inviting anyone once consent is revoked', async () => {
    await post(`/v1/cases/${caseId}/consent`, { decision: 'revoked' });
    const r = await post(`/v1/cases/${caseId}/concertations`, {
      start: '2026-11-25T14:00:00+01:00',
      end: '2026-11-25T15:00:00+01:00',
      location: { kind: 'video' },
    });
    expect(r.status).toBe(409);
  });
});

describe('a discharge date brought by a later alert (embedded)', () => {
  // Monday 23 November 2026, 09:00 in Brussels.
  const laterClock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
  const person = {
    givenName: 'Marc',
    familyName: 'Lambert',
    birthDate: '1948-02-11',
    address: { postalCode: '1180' },
    preferredLanguage: 'fr',
  };
  let t: TestEngine;
  let coord: string;
  let caseId: string;
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

  beforeAll(async () => {
    t = await startTestEngine({ clock: laterClock });
    coord = await t.token('coord-sud');
  });
  afterAll(() => t?.close());

  it("should make the hospital's discharge date the case's deadline, and stop slot searches before it", async () => {
    // The pharmacist worries first, with no date in view.
    const first = await t
      .http()
      .post('/v1/alerts')
      .set(...auth(await t.token('pro-pharmacist')))
      .send(alertBody({}, person));
    expect(first.status).toBe(201);
    caseId = first.body.caseId;
    expect(
      (
        await t
          .http()
          .get(`/v1/cases/${caseId}`)
          .set(...auth(coord))
      ).body.deadline,
    ).toBeUndefined();
    const team = await expectEventually(async () => {
      const r = await t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set(...auth(coord));
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants as Array<{ id: string }>;
    });
    // Marc is free on Thursday only: without a deadline, the search proposes Thursday (the team is
    // still to be built, so the slots are partial).
    await t
      .http()
      .put(`/v1/calendars/${team[0].id}/weekly-hours`)
      .set(...auth(coord))
      .send({ thu: ['09:00-17:00'] })
      .expect(200);
    const search = () =>
      t
        .http()
        .post(`/v1/cases/${caseId}/concertations/slot-search`)
        .set(...auth(coord))
        .send({ durationMinutes: 60 });
    const before = await search();
    expect(before.status).toBe(200);
    expect(before.body.slots[0].localStart.startsWith('2026-11-26')).toBe(true);

    // Then the hospital announces the discharge for Wednesday 16:00: the alert joins the case and brings the date.
    const discharge = await t
      .http()
      .post('/v1/alerts')
      .set(...auth(await t.token('pro-hospital-nurse')))
      .send(
        alertBody({ type: 'imminent-discharge', urgency: 'urgent', deadline: '2026-11-25T16:00:00+01:00' }, person),
      );
    expect(discharge.status).toBe(201);
    expect(discharge.body.caseId).toBe(caseId);
    await expectEventually(async () =>
      expect(
        (
          await t
            .http()
            .get(`/v1/cases/${caseId}`)
            .set(...auth(coord))
        ).body.deadline,
      ).toBe('2026-11-25T15:00:00.000Z'),
    );
    await expectEventually(async () => {
      const after = await search();
      expect(after.status).toBe(200);
      // Thursday is past the discharge now: the search window ends at it, nothing fits, the coordinator is flagged.
      expect(after.body.window.end).toBe('2026-11-25T15:00:00.000Z');
      expect([after.body.status, after.body.slots, after.body.flagCoordinator]).toEqual(['none', [], true]);
    });
    const timeline = await t
      .http()
      .get(`/v1/cases/${caseId}/timeline`)
      .set(...auth(coord));
    expect(JSON.stringify(timeline.body)).toContain('2026-11-25T15:00:00.000Z');
  });
});
