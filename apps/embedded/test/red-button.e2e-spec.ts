import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

describe('red button: raise, route, read, acknowledge (embedded)', () => {
  let t: TestEngine;
  let pharmacist: string;
  let coordNord: string;
  let coordSud: string;
  let nurse: string;

  beforeAll(async () => {
    t = await startTestEngine();
    [pharmacist, coordNord, coordSud, nurse] = await Promise.all([
      t.token('pro-pharmacist'),
      t.token('coord-nord'),
      t.token('coord-sud'),
      t.token('pro-home-nurse'),
    ]);
  });
  afterAll(() => t?.close());

  const raise = (token: string, body: Record<string, unknown>) =>
    t.http().post('/v1/alerts').set('Authorization', `Bearer ${token}`).send(body);
  const getCase = (token: string, caseId: string) =>
    t.http().get(`/v1/cases/${caseId}`).set('Authorization', `Bearer ${token}`);

  it('should open a case in the bassin of the postal code, owned by its coordinator on duty', async () => {
    const res = await raise(pharmacist, alertBody({}, uniquePerson({ address: { postalCode: '1090' } })));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      alertId: expect.any(String),
      caseId: expect.any(String),
      caseStatus: 'opened',
      openedNewCase: true,
      bassin: {
        id: 'nord',
        needsConfirmation: false,
        routingReason: 'postal-code',
        name: { fr: 'Nord', nl: 'Noord', en: 'North' },
      },
      owner: { id: 'coord-nord' },
    });
    expect(res.headers.location).toBe(`/v1/cases/${res.body.caseId}`);
    const view = await expectEventually(async () => {
      const r = await getCase(coordNord, res.body.caseId);
      expect(r.status).toBe(200);
      return r.body;
    });
    expect(view).toMatchObject({
      view: 'coordinator',
      status: 'opened',
      bassinId: 'nord',
      owner: { id: 'coord-nord', displayName: 'Coordinator Nord (demo)' },
      person: { givenName: expect.stringMatching(/^Test/), birthDate: '1950-01-01', postalCode: '1090' },
    });
    expect(view.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorId: 'pro-pharmacist', role: 'reporter' }),
        expect.objectContaining({ actorId: 'coord-nord', role: 'coordinator' }),
      ]),
    );
  });

  it.each([
    ['1000', 'centre-ouest', 'ambiguous-postal-code', ['centre-ouest', 'sud']],
    ['1040', 'sud-est', 'ambiguous-postal-code', ['sud-est', 'centre-ouest', 'sud']],
    ['4000', 'centre-ouest', 'outside-brussels', ['centre-ouest']],
  ])(
    'should route postal code %s to %s and flag it for the coordinator to confirm',
    async (postalCode, bassin, reason, candidates) => {
      const res = await raise(pharmacist, alertBody({}, uniquePerson({ address: { postalCode } })));
      expect(res.status).toBe(201);
      expect(res.body.bassin).toMatchObject({ id: bassin, needsConfirmation: true, routingReason: reason, candidates });
      const coordinator = await t.token(`coord-${bassin}`);
      const view = await expectEventually(async () => {
        const r = await getCase(coordinator, res.body.caseId);
        expect(r.status).toBe(200);
        return r.body;
      });
      expect(view).toMatchObject({ bassinId: bassin, bassinNeedsConfirmation: true });
    },
  );

  it.each([
    ['1030', 'nord-est'],
    ['1070', 'centre-ouest'],
    ['1180', 'sud'],
    ['1200', 'sud-est'],
    ['1020', 'nord'],
  ])('should route %s to %s without asking for confirmation', async (postalCode, bassin) => {
    const res = await raise(pharmacist, alertBody({}, uniquePerson({ address: { postalCode } })));
    expect(res.body.bassin).toMatchObject({ id: bassin, needsConfirmation: false });
    expect(res.body.owner).toEqual({ id: `coord-${bassin}` });
  });

  it('should accept a person with neither national number nor fixed address and route to the documented fallback', async () => {
    const res = await raise(
      pharmacist,
      alertBody(
        { type: 'prison-release' },
        {
          givenName: 'Martin',
          familyName: 'Sansadresse',
          birthDate: undefined,
          address: undefined,
          noFixedAddress: true,
        },
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body.bassin).toMatchObject({
      id: 'centre-ouest',
      needsConfirmation: true,
      routingReason: 'no-fixed-address',
    });
  });

  it('should show the reporter the status and owner only, and hide the case from everyone else', async () => {
    const res = await raise(pharmacist, alertBody({}, uniquePerson()));
    const reporterView = await expectEventually(async () => {
      const r = await getCase(pharmacist, res.body.caseId);
      expect(r.status).toBe(200);
      return r.body;
    });
    expect(reporterView).toEqual({
      caseId: res.body.caseId,
      view: 'reporter',
      status: 'opened',
      urgency: 'normal',
      bassinId: 'nord',
      owner: { id: 'coord-nord', displayName: 'Coordinator Nord (demo)' },
      openedAt: expect.any(String),
    });
    expect(JSON.stringify(reporterView)).not.toMatch(/Test|1950/);
    for (const stranger of [nurse, coordSud]) {
      const r = await getCase(stranger, res.body.caseId);
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const unknown = await getCase(coordNord, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    const timeline = await t
      .http()
      .get(`/v1/cases/${res.body.caseId}/timeline`)
      .set('Authorization', `Bearer ${nurse}`);
    expect(timeline.status).toBe(404);
  });

  it('should let the coordinator acknowledge, show the reporter who owns it, and refuse others', async () => {
    const person = uniquePerson();
    const res = await raise(pharmacist, alertBody({}, person));
    const caseId = res.body.caseId as string;
    await expectEventually(async () => expect((await getCase(coordNord, caseId)).status).toBe(200));

    const byReporter = await t
      .http()
      .post(`/v1/cases/${caseId}/acknowledge`)
      .set('Authorization', `Bearer ${pharmacist}`)
      .send({});
    expect(byReporter.status).toBe(403);
    const byOtherBassin = await t
      .http()
      .post(`/v1/cases/${caseId}/acknowledge`)
      .set('Authorization', `Bearer ${coordSud}`)
      .send({});
    expect(byOtherBassin.status).toBe(404);

    const ack = await t
      .http()
      .post(`/v1/cases/${caseId}/acknowledge`)
      .set('Authorization', `Bearer ${coordNord}`)
      .send({});
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ caseId, status: 'acknowledged', ownerId: 'coord-nord', pendingSignals: 0 });
    expect(ack.body.acknowledged).toEqual([expect.objectContaining({ signalId: res.body.alertId })]);
    // Nothing pending: an acknowledgement is never silently repeated, by the same coordinator or another.
    const again = await t
      .http()
      .post(`/v1/cases/${caseId}/acknowledge`)
      .set('Authorization', `Bearer ${coordNord}`)
      .send({});
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/no-pending-signals$/);
    const byBackup = await t
      .http()
      .post(`/v1/cases/${caseId}/acknowledge`)
      .set('Authorization', `Bearer ${await t.token('backup-nord')}`)
      .send({});
    expect(byBackup.status).toBe(409);

    const reporterView = await getCase(pharmacist, caseId);
    expect(reporterView.body).toMatchObject({
      status: 'acknowledged',
      owner: { id: 'coord-nord' },
      acknowledgedAt: expect.any(String),
    });
    const timeline = await t.http().get(`/v1/cases/${caseId}/timeline`).set('Authorization', `Bearer ${pharmacist}`);
    expect(timeline.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['case.opened', 'case.acknowledged']);

    // The intake learns the new status from case.acknowledged: a further alert reports it.
    await expectEventually(async () => {
      const [row] = await t.sql<{ status: string }>(`SELECT "status" FROM "alerts"."case_index" WHERE "case_id" = $1`, [
        caseId,
      ]);
      expect(row.status).toBe('acknowledged');
    });
    const second = await raise(nurse, alertBody({ type: 'deteriorating-at-home' }, person));
    expect(second.body).toMatchObject({
      caseId,
      openedNewCase: false,
      caseStatus: 'acknowledged',
      owner: { id: 'coord-nord' },
    });
  });
});
