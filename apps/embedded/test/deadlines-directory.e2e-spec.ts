import { loadConfig } from '#concerto/config';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

const DAY = 86_400_000;
// Monday 23 November 2026, 09:00 in Brussels.
const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const inDays = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();

describe('deadlines as dated items, no fixed address (embedded, development clock)', () => {
  let t: TestEngine;
  let coord: string;
  let nurse: string;
  let pharmacist: string;
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    [coord, nurse, pharmacist] = await Promise.all([
      t.token('coord-sud'),
      t.token('pro-hospital-nurse'),
      t.token('pro-pharmacist'),
    ]);
  });
  afterAll(() => t?.close());

  const raise = (token: string, overrides: Record<string, unknown>, person: Record<string, unknown>) =>
    t
      .http()
      .post('/v1/alerts')
      .set(...auth(token))
      .send(alertBody(overrides, person));
  const caseView = async (caseId: string, token = coord) =>
    (
      await t
        .http()
        .get(`/v1/cases/${caseId}`)
        .set(...auth(token))
    ).body;
  const deadlines = async (caseId: string) =>
    (
      await t
        .http()
        .get(`/v1/cases/${caseId}/deadlines`)
        .set(...auth(coord))
    ).body;
  const timeline = async (caseId: string) =>
    (
      await t
        .http()
        .get(`/v1/cases/${caseId}/timeline`)
        .set(...auth(coord))
    ).body.entries as Array<{ kind: string; actorId: string; details: Record<string, unknown> }>;
  const searchWindowEnd = async (caseId: string) => {
    const res = await t
      .http()
      .post(`/v1/cases/${caseId}/concertations/slot-search`)
      .set(...auth(coord))
      .send({ durationMinutes: 60 });
    expect(res.status).toBe(200);
    return res.body.window.end as string;
  };
  const person = (postalCode = '1180') => uniquePerson({ address: { postalCode } });

  it('should hold several deadlines, steer the slot search by the earliest future one, and never block on a passed one', async () => {
    const p = person();
    const discharge = inDays(3);
    const opened = await raise(nurse, { type: 'imminent-discharge', urgency: 'urgent', deadline: discharge }, p);
    expect(opened.status).toBe(201);
    const caseId = opened.body.caseId as string;
    await expectEventually(async () => expect((await deadlines(caseId)).deadlines).toHaveLength(1));
    const hearing = await t
      .http()
      .post(`/v1/cases/${caseId}/deadlines`)
      .set(...auth(coord))
      .send({ kind: 'hearing', dueAt: inDays(10) });
    expect(hearing.status).toBe(201);
    const administrative = await t
      .http()
      .post(`/v1/cases/${caseId}/deadlines`)
      .set(...auth(coord))
      .send({ kind: 'administrative', dueAt: inDays(20) });
    expect(administrative.status).toBe(201);

    const listed = await deadlines(caseId);
    expect(listed.deadlines.map((d: { kind: string; state: string }) => [d.kind, d.state])).toEqual([
      ['discharge', 'active'],
      ['hearing', 'active'],
      ['administrative', 'active'],
    ]);
    expect(listed.deadlines[0].source).toMatchObject({ kind: 'alert', alertId: opened.body.alertId });
    const dischargeDue = new Date(discharge).toISOString();
    expect(listed.steeringDeadlineId).toBe(listed.deadlines[0].deadlineId);
    expect((await caseView(caseId)).deadline).toBe(dischargeDue);
    await expectEventually(async () => expect(await searchWindowEnd(caseId)).toBe(dischargeDue));

    // The discharge date passes: the hearing steers now, and a meeting after the discharge is possible.
    clock.advance(4 * DAY);
    const hearingDue = hearing.body.dueAt as string;
    await expectEventually(async () => expect((await caseView(caseId)).deadline).toBe(hearingDue));
    await expectEventually(async () => expect(await searchWindowEnd(caseId)).toBe(hearingDue));
  });

  it("should tell the case's owner when a deadline passes (an event notifications can page on)", async () => {
    const res = await raise(pharmacist, { deadline: inDays(1), deadlineKind: 'administrative' }, person());
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    await expectEventually(async () => expect((await deadlines(caseId)).deadlines).toHaveLength(1));
    clock.advance(DAY + 60_000);
    await expectEventually(async () =>
      expect((await deadlines(caseId)).deadlines[0]).toMatchObject({ kind: 'administrative', state: 'passed' }),
    );
    expect((await timeline(caseId)).find((e) => e.kind === 'case.deadline-passed')?.details).toMatchObject({
      ownerId: 'coord-sud',
    });
    const [event] = await t.sql<{ envelope: { type: string; data: Record<string, unknown> } }>(
      `SELECT "envelope" FROM "cases"."outbox" WHERE "envelope"->>'type' = 'case.deadline-passed' AND "envelope"->'data'->>'caseId' = $1`,
      [caseId],
    );
    expect(event.envelope.data).toMatchObject({ caseId, kind: 'administrative', ownerId: 'coord-sud' });
    // No date, no name: only ids and the kind travel.
    expect(JSON.stringify(event.envelope.data)).not.toMatch(/Simone|Peeters/);
  });

  it.each([
    ['in the past', () => '2000-01-01T00:00:00Z', 'must be in the future'],
    ['more than two years away', () => inDays(2 * 366 + 2), 'years ahead'],
  ])('should answer 422 naming the field for a deadline %s, at intake and on the case', async (_, date, reason) => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM "alerts"."alerts"`);
    const intake = await raise(pharmacist, { deadline: date(), deadlineKind: 'other' }, person());
    expect(intake.status).toBe(422);
    expect(intake.headers['content-type']).toMatch(/problem\+json/);
    expect(intake.body.errors).toEqual([{ field: 'deadline', reason: expect.stringContaining(reason) }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM "alerts"."alerts"`)).toEqual(before);

    const ok = await raise(pharmacist, {}, person());
    await expectEventually(async () => expect((await caseView(ok.body.caseId)).status).toBe('opened'));
    const onCase = await t
      .http()
      .post(`/v1/cases/${ok.body.caseId}/deadlines`)
      .set(...auth(coord))
      .send({ kind: 'hearing', dueAt: date() });
    expect(onCase.status).toBe(422);
    expect(onCase.body.errors).toEqual([{ field: 'dueAt', reason: expect.stringContaining(reason) }]);
  });

  it('should let only entitled roles date a discharge or a release', async () => {
    const volunteer = await t.token('vol-ldc');
    const refused = await raise(
      volunteer,
      { type: 'imminent-discharge', urgency: 'urgent', deadline: inDays(2) },
      person(),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual([{ field: 'deadline', reason: expect.stringContaining('discharge') }]);
    const explicit = await raise(pharmacist, { deadline: inDays(2), deadlineKind: 'release' }, person());
    expect(explicit.status).toBe(403);
    expect(explicit.body.errors[0].field).toBe('deadlineKind');

    const ok = await raise(pharmacist, {}, person());
    await expectEventually(async () => expect((await caseView(ok.body.caseId)).status).toBe('opened'));
    const byCoordinator = await t
      .http()
      .post(`/v1/cases/${ok.body.caseId}/deadlines`)
      .set(...auth(coord))
      .send({ kind: 'discharge', dueAt: inDays(2) });
    expect(byCoordinator.status).toBe(403);
    // The hospital's nurse is entitled, but is not a member of that case: it does not exist for her.
    const stranger = await t
      .http()
      .post(`/v1/cases/${ok.body.caseId}/deadlines`)
      .set(...auth(nurse))
      .send({ kind: 'discharge', dueAt: inDays(2) });
    expect(stranger.status).toBe(404);
    const prison = await t.token('pro-prison-social-worker');
    const release = await raise(prison, { type: 'prison-release', urgency: 'normal', deadline: inDays(30) }, person());
    expect(release.status).toBe(201);
  });

  it('should let a coordinator correct and dismiss a deadline, audited, the old date kept in the timeline', async () => {
    const res = await raise(nurse, { type: 'imminent-discharge', urgency: 'urgent', deadline: inDays(2) }, person());
    const caseId = res.body.caseId as string;
    await expectEventually(async () => expect((await deadlines(caseId)).deadlines).toHaveLength(1));
    const [d] = (await deadlines(caseId)).deadlines as Array<{ deadlineId: string; dueAt: string }>;

    const byReporter = await t
      .http()
      .patch(`/v1/cases/${caseId}/deadlines/${d.deadlineId}`)
      .set(...auth(nurse))
      .send({ dueAt: inDays(5) });
    expect(byReporter.status).toBe(403);
    const corrected = await t
      .http()
      .patch(`/v1/cases/${caseId}/deadlines/${d.deadlineId}`)
      .set(...auth(coord))
      .send({ dueAt: inDays(5) });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ state: 'corrected', dueAt: new Date(inDays(5)).toISOString() });
    const correction = (await timeline(caseId)).find((e) => e.kind === 'case.deadline-corrected');
    expect(correction).toMatchObject({ actorId: 'coord-sud', details: { previousDueAt: d.dueAt } });
    await expectEventually(async () => expect(await searchWindowEnd(caseId)).toBe(new Date(inDays(5)).toISOString()));

    const dismissed = await t
      .http()
      .post(`/v1/cases/${caseId}/deadlines/${d.deadlineId}/dismiss`)
      .set(...auth(coord));
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.state).toBe('dismissed');
    expect((await caseView(caseId)).deadline).toBeUndefined();
    expect((await timeline(caseId)).map((e) => e.kind)).toContain('case.deadline-dismissed');
    const audit = await t.sql<{ purpose: string; actor_id: string }>(
      `SELECT "purpose", "actor_id" FROM "cases"."audit_log" WHERE "subject_id" = $1 AND "outcome" = 'allowed' AND "purpose" LIKE '%deadline'`,
      [caseId],
    );
    expect(audit.map((a) => a.purpose)).toEqual(
      expect.arrayContaining(['correct-case-deadline', 'dismiss-case-deadline']),
    );
    // Nothing passes once dismissed.
    clock.advance(6 * DAY);
    const witness = await raise(pharmacist, { deadline: inDays(0.01), deadlineKind: 'other' }, person());
    clock.advance(DAY);
    await expectEventually(async () =>
      expect((await deadlines(witness.body.caseId)).deadlines[0]?.state).toBe('passed'),
    );
    expect((await timeline(caseId)).map((e) => e.kind)).not.toContain('case.deadline-passed');
  });

  it('should route a person with no fixed address by the last known area, keep the flag, and follow later alerts', async () => {
    const p = uniquePerson({ address: { postalCode: '1020' }, noFixedAddress: true });
    const first = await raise(pharmacist, {}, p);
    expect(first.status).toBe(201);
    expect(first.body.bassin).toMatchObject({ id: 'nord', routingReason: 'postal-code' });
    const nordCoord = await t.token('coord-nord');
    await expectEventually(async () =>
      expect((await caseView(first.body.caseId, nordCoord)).person).toMatchObject({
        noFixedAddress: true,
        postalCode: '1020',
      }),
    );
    // A later alert gives an address: the flag follows it (and back again with the next one).
    const { noFixedAddress: _flag, ...housed } = p;
    await raise(pharmacist, {}, housed);
    await expectEventually(async () =>
      expect((await caseView(first.body.caseId, nordCoord)).person.noFixedAddress).toBe(false),
    );
    await raise(pharmacist, {}, { ...housed, noFixedAddress: true });
    await expectEventually(async () =>
      expect((await caseView(first.body.caseId, nordCoord)).person.noFixedAddress).toBe(true),
    );
  });
});

describe('the directory: R33 roles and urgent guidance with real numbers (embedded)', () => {
  let t: TestEngine;
  const crisisTeam = '+32 2 555 12 34';

  beforeAll(async () => {
    t = await startTestEngine({ config: { MOBILE_CRISIS_TEAM_PHONE: crisisTeam } });
  });
  afterAll(() => t?.close());

  it.each([
    'prison-social-worker',
    'police-liaison',
    'cpas-social-worker',
    'justice-assistant',
    'mobile-crisis-team',
    'mutuality-advisor',
    'community-health-worker',
    'peer-helper',
    'cultural-mediator',
  ])('should hold a demo user with the role %s', async (role) => {
    const rows = await t.sql<{ id: string }>(`SELECT "id" FROM "directory"."professionals" WHERE "role" = $1`, [role]);
    expect(rows.length).toBeGreaterThan(0);
    // Each of them can sign in (scripts/token.mjs reads the same seed file).
    expect(await t.token(rows[0].id)).toEqual(expect.any(String));
  });

  it('should show the public crisis lines and the configured mobile crisis team number, never the placeholder', async () => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${await t.token('pro-hospital-nurse')}`)
      .send(alertBody({ type: 'suicide-risk', urgency: 'urgent' }, uniquePerson()));
    expect(res.status).toBe(201);
    const phones = (res.body.urgentGuidance as Array<{ phone: string }>).map((g) => g.phone).join(' | ');
    for (const number of ['112', '1813', '0800 32 123', '107', '106', crisisTeam]) {
      expect(phones).toContain(number);
    }
    expect(phones).not.toContain('+32 2 000 00 00');

    const violence = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${await t.token('pro-hospital-nurse')}`)
      .send(alertBody({ type: 'suspected-violence', urgency: 'urgent' }, uniquePerson()));
    const violencePhones = (violence.body.urgentGuidance as Array<{ phone: string }>).map((g) => g.phone).join(' | ');
    for (const number of ['101', '112', '0800 30 030', '1712']) {
      expect(violencePhones).toContain(number);
    }
  });

  it('should refuse to start in production with the placeholder or no mobile crisis team number', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MOBILE_CRISIS_TEAM_PHONE/);
    expect(() => loadConfig({ NODE_ENV: 'production', MOBILE_CRISIS_TEAM_PHONE: '+32 2 000 00 00' })).toThrow(
      /MOBILE_CRISIS_TEAM_PHONE/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', MOBILE_CRISIS_TEAM_PHONE: crisisTeam })).not.toThrow(
      /MOBILE_CRISIS_TEAM_PHONE/,
    );
  });
});
