import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

/** Issue 16, the red button's "My alerts": each alert's status and owner, only the reporter's own, nothing more. */
describe('my alerts (embedded)', () => {
  let t: TestEngine;
  let pharmacist: string;
  let nurse: string;

  beforeAll(async () => {
    t = await startTestEngine();
    [pharmacist, nurse] = await Promise.all([t.token('pro-pharmacist'), t.token('pro-home-nurse')]);
  });
  afterAll(() => t.close());

  const raise = async (token: string, postalCode: string) =>
    (
      await t
        .http()
        .post('/v1/alerts')
        .set('Authorization', `Bearer ${token}`)
        .send(alertBody({}, uniquePerson({ address: { postalCode } })))
        .expect(201)
    ).body;

  it("should list the reporter's own alerts, newest first, with the case's status and owner only, and follow the acknowledgement", async () => {
    const first = await raise(pharmacist, '1090');
    const second = await raise(pharmacist, '1180');
    const someoneElses = await raise(nurse, '1090');

    const res = await t.http().get('/v1/alerts/mine').set('Authorization', `Bearer ${pharmacist}`).expect(200);
    const ids = res.body.items.map((i: { alertId: string }) => i.alertId);
    expect(ids.slice(0, 2)).toEqual([second.alertId, first.alertId]);
    expect(ids).not.toContain(someoneElses.alertId);
    const item = res.body.items.find((i: { alertId: string }) => i.alertId === first.alertId);
    expect(Object.keys(item).sort()).toEqual(['alertId', 'bassinId', 'owner', 'raisedAt', 'status']);
    expect(item).toMatchObject({ status: 'opened', bassinId: first.bassin.id, owner: { id: first.owner.id } });
    expect(item.owner.displayName).toEqual(expect.any(String));
    // No person in the answer: neither names nor the case id.
    expect(JSON.stringify(res.body)).not.toMatch(/Person-|givenName|caseId/);

    const coordinator = await t.token(first.owner.id);
    await t
      .http()
      .post(`/v1/cases/${first.caseId}/acknowledge`)
      .set('Authorization', `Bearer ${coordinator}`)
      .send({})
      .expect(200);
    await expectEventually(async () => {
      const again = await t.http().get('/v1/alerts/mine').set('Authorization', `Bearer ${pharmacist}`).expect(200);
      expect(again.body.items.find((i: { alertId: string }) => i.alertId === first.alertId).status).toBe(
        'acknowledged',
      );
    });

    const audit = await t.sql<{ outcome: string }>(
      `SELECT "outcome" FROM "alerts"."audit_log" WHERE "actor_id" = 'pro-pharmacist' AND "purpose" = 'list-my-alerts'`,
    );
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('should answer 401 problem+json without a principal', async () => {
    const res = await t.http().get('/v1/alerts/mine');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
