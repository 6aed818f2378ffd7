import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

describe('idempotency and correlation (embedded)', () => {
  let t: TestEngine;
  let pharmacist: string;
  let nurse: string;
  let coordNord: string;

  beforeAll(async () => {
    t = await startTestEngine();
    [pharmacist, nurse, coordNord] = await Promise.all([
      t.token('pro-pharmacist'),
      t.token('pro-home-nurse'),
      t.token('coord-nord'),
    ]);
  });
  afterAll(() => t?.close());

  const raise = (token: string, body: Record<string, unknown>, key?: string) => {
    const req = t.http().post('/v1/alerts').set('Authorization', `Bearer ${token}`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const count = async (sql: string, params: unknown[]) => Number((await t.sql<{ n: string }>(sql, params))[0].n);
  const alertsOfCase = (caseId: string) =>
    count(`SELECT count(*) AS n FROM "alerts"."alerts" WHERE "case_id" = $1`, [caseId]);

  it('should answer a repeated request with the same key with the same answer and keep one alert', async () => {
    const body = alertBody({}, uniquePerson());
    const first = await raise(pharmacist, body, 'key-repeat-0001');
    const second = await raise(pharmacist, body, 'key-repeat-0001');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect({ ...second.body, replayed: false }).toEqual(first.body);
    expect(await alertsOfCase(first.body.caseId)).toBe(1);
    await expectEventually(async () =>
      expect(await count(`SELECT count(*) AS n FROM "cases"."cases" WHERE "case_id" = $1`, [first.body.caseId])).toBe(
        1,
      ),
    );
  });

  it('should keep one alert when the same request races with itself', async () => {
    const body = alertBody({}, uniquePerson());
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => raise(pharmacist, body, 'key-race-000001')));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.alertId)).size).toBe(1);
    expect(await alertsOfCase(answers[0].body.caseId)).toBe(1);
  });

  it('should refuse to reuse a key for a different request', async () => {
    await raise(pharmacist, alertBody({}, uniquePerson()), 'key-reused-0001');
    const other = await raise(pharmacist, alertBody({}, uniquePerson()), 'key-reused-0001');
    expect(other.status).toBe(422);
    expect(other.body.type).toMatch(/idempotency-key-reused/);
  });

  it('should scope keys per reporter', async () => {
    const body = alertBody({}, uniquePerson());
    const a = await raise(pharmacist, body, 'key-shared-0001');
    const b = await raise(nurse, body, 'key-shared-0001');
    expect(b.body.alertId).not.toBe(a.body.alertId);
    expect(b.body.caseId).toBe(a.body.caseId);
  });

  it('should join alerts about the same national number into one case, however the name is written', async () => {
    const first = await raise(pharmacist, alertBody({}, uniquePerson({ nationalNumber: '85.07.30-033.28' })));
    const second = await raise(
      nurse,
      alertBody(
        { type: 'deteriorating-at-home' },
        uniquePerson({ nationalNumber: '85073003328', birthDate: '1985-07-30' }),
      ),
    );
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ caseId: first.body.caseId, openedNewCase: false });
    const view = await expectEventually(async () => {
      const r = await t.http().get(`/v1/cases/${first.body.caseId}`).set('Authorization', `Bearer ${coordNord}`);
      expect(r.body.alerts).toHaveLength(2);
      return r.body;
    });
    expect(view.members.map((m: { actorId: string }) => m.actorId)).toEqual(
      expect.arrayContaining(['pro-pharmacist', 'pro-home-nurse']),
    );
    expect(view.person.hasNationalNumber).toBe(true);
    expect(JSON.stringify(view)).not.toContain('85073003328');
  });

  it('should join alerts by normalised name, birth date and postal code when there is no national number', async () => {
    const person = uniquePerson({ address: { postalCode: '1083' } });
    const first = await raise(pharmacist, alertBody({}, person));
    const shouted = {
      ...person,
      givenName: ` ${String(person.givenName).toUpperCase()} `,
      familyName: String(person.familyName).toUpperCase(),
    };
    const second = await raise(nurse, alertBody({}, shouted));
    expect(second.body).toMatchObject({ caseId: first.body.caseId, openedNewCase: false });
    const differentBirth = await raise(nurse, alertBody({}, { ...person, birthDate: '1951-02-02' }));
    expect(differentBirth.body.caseId).not.toBe(first.body.caseId);
    await expectEventually(async () => {
      const timeline = await t
        .http()
        .get(`/v1/cases/${first.body.caseId}/timeline`)
        .set('Authorization', `Bearer ${coordNord}`);
      expect(timeline.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['case.opened', 'alert.attached']);
    });
  });

  it('should open one case only when alerts about a new person arrive at the same time', async () => {
    const person = uniquePerson();
    const answers = await Promise.all(
      [pharmacist, nurse, pharmacist, nurse].map((tok) => raise(tok, alertBody({}, person))),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.caseId)).size).toBe(1);
    expect(answers.filter((a) => a.body.openedNewCase)).toHaveLength(1);
    await expectEventually(async () => {
      const [row] = await t.sql<{ alerts: unknown[] }>(`SELECT "alerts" FROM "cases"."cases" WHERE "case_id" = $1`, [
        answers[0].body.caseId,
      ]);
      expect(row.alerts).toHaveLength(4);
    });
  });
});
