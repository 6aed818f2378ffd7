import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';

type Json = Record<string, any>;

/** Issue 17 §8: "my actions" for any owner, GET /v1/action-items/mine (embedded). */
describe('my actions: the open action items the signed-in professional owns (embedded)', () => {
  let t: TestEngine;

  beforeAll(async () => {
    t = await startTestEngine();
  });
  afterAll(() => t?.close());

  const call = async (method: 'get' | 'post', path: string, user: string, body?: Json) => {
    const http = t.http();
    const req = http[method](path).set('Authorization', `Bearer ${await t.token(user)}`);
    return body === undefined ? req : req.send(body);
  };

  it('should list only the caller’s open items, on every case, and audit the read', async () => {
    const raised = await call('post', '/v1/alerts', 'pro-pharmacist', alertBody());
    expect(raised.status).toBe(201);
    const caseId: string = raised.body.caseId;
    const coordinator: string = raised.body.owner.id;
    await expectEventually(async () => {
      const r = await call('get', `/v1/cases/${caseId}/participants`, coordinator);
      expect(r.body.participants).toHaveLength(1);
    });
    const nurse = await call('post', `/v1/cases/${caseId}/participants`, coordinator, {
      kind: 'professional',
      professionalId: 'pro-home-nurse',
      email: 'nurse@example.test',
    });
    expect(nurse.status).toBe(201);
    const opened = await call('post', `/v1/cases/${caseId}/action-items`, coordinator, {
      kind: 'task',
      title: 'Start daily visits',
      owner: { participantId: nurse.body.participant.id },
      dueOn: '2030-05-06',
    });
    expect(opened.status).toBe(201);

    const mine = await call('get', '/v1/action-items/mine', 'pro-home-nurse');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: opened.body.id, caseId, title: 'Start daily visits', status: 'open' }),
    ]);
    const others = await call('get', '/v1/action-items/mine', 'pro-gp');
    expect(others.status).toBe(200);
    expect(others.body.items.map((i: Json) => i.id)).not.toContain(opened.body.id);

    const audited = await t.sql<{ n: string }>(
      `SELECT count(*) AS "n" FROM "scheduling"."audit_log" WHERE "actor_id" = $1 AND "purpose" = 'list-my-action-items'`,
      ['pro-home-nurse'],
    );
    expect(Number(audited[0].n)).toBeGreaterThanOrEqual(1);

    expect((await call('post', `/v1/action-items/${opened.body.id}/done`, 'pro-home-nurse')).status).toBe(200);
    expect((await call('get', '/v1/action-items/mine', 'pro-home-nurse')).body.items).toEqual([]);
  });
});
