import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';
import { baseUrlOf, openWorklistStream } from './support/sse-reader.js';

type Json = Record<string, any>;

/**
 * Issue 15 (gap), R16: an inter-bassin case belongs to no bassin in particular. Its own bassin's
 * coordinators keep it; the lead of every bassin sees it in the worklist and its stream, and acts on
 * it as a coordinator (deadlines corrected or dismissed, audited). Coordinators of other bassins and
 * everyone else still see nothing.
 */
describe('inter-bassin cases reach the lead of every bassin (embedded)', () => {
  let t: TestEngine;
  let base: string;
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await t.token(user));

  beforeAll(async () => {
    t = await startTestEngine();
    base = await baseUrlOf(t.engine.app);
  });
  afterAll(() => t?.close());

  const raise = async (postalCode: string, viewer = 'coord-nord') => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${await as('pro-pharmacist')}`)
      .send(alertBody({}, uniquePerson({ address: { postalCode } })));
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    await expectEventually(async () => expect((await get(caseId, viewer)).status).not.toBe(404));
    return caseId;
  };
  const get = async (caseId: string, user: string) =>
    t
      .http()
      .get(`/v1/cases/${caseId}`)
      .set('Authorization', `Bearer ${await as(user)}`);
  const send = async (method: 'post' | 'patch', path: string, user: string, body: Json = {}) => {
    const http = t.http();
    const req = method === 'post' ? http.post(path) : http.patch(path);
    return req.set('Authorization', `Bearer ${await as(user)}`).send(body);
  };
  const worklist = async (user: string) =>
    (
      (
        await t
          .http()
          .get('/v1/cases?limit=100')
          .set('Authorization', `Bearer ${await as(user)}`)
      ).body.items as Json[]
    ).map((i) => i.caseId as string);
  const inFiveDays = () => new Date(Date.now() + 5 * 86_400_000).toISOString();

  it('should show an inter-bassin case in every lead’s worklist and stream, never to another bassin’s coordinator', async () => {
    const caseId = await raise('1020');
    expect(
      (await send('post', `/v1/cases/${caseId}/bassin/confirm`, 'coord-nord', { bassinId: 'inter-bassin' })).status,
    ).toBe(200);
    expect(await worklist('lead-sud')).toContain(caseId);
    expect(await worklist('coord-sud')).not.toContain(caseId);

    const lead = await openWorklistStream(base, await as('lead-sud'));
    const coord = await openWorklistStream(base, await as('coord-sud'));
    try {
      expect((await lead.next()).event).toBe('ready');
      expect((await coord.next()).event).toBe('ready');
      expect((await send('post', `/v1/cases/${caseId}/acknowledge`, 'coord-nord')).status).toBe(200);
      // A stream may start with changes committed just before it connected (the case's bassin
      // confirmation): wait for the acknowledgement itself.
      expect(await lead.nextWhere((d) => d.caseId === caseId && d.change === 'case.acknowledged')).toMatchObject({
        caseId,
        bassinId: 'nord',
        referenceBassin: 'inter-bassin',
        status: 'acknowledged',
        change: 'case.acknowledged',
      });
      // The sud coordinator sees a new sud case's change, and never the inter-bassin one before it.
      const inSud = await raise('1180', 'coord-sud');
      const seenBefore: string[] = [];
      const seen = await coord.nextWhere((d) => {
        seenBefore.push(d.caseId);
        return d.caseId === inSud;
      });
      expect(seen.caseId).toBe(inSud);
      expect(seenBefore).not.toContain(caseId);
    } finally {
      lead.close();
      coord.close();
    }
  });

  it('should let the lead of another bassin correct and dismiss an inter-bassin case’s deadline, audited; not its coordinators', async () => {
    const caseId = await raise('1020');
    const set = await send('post', `/v1/cases/${caseId}/deadlines`, 'coord-nord', {
      kind: 'hearing',
      dueAt: inFiveDays(),
    });
    expect(set.status).toBe(201);
    const deadlineId = set.body.deadlineId as string;
    // Before the case is inter-bassin, the sud lead does not see it at all.
    expect(
      (await send('patch', `/v1/cases/${caseId}/deadlines/${deadlineId}`, 'lead-sud', { dueAt: inFiveDays() })).status,
    ).toBe(404);
    expect(
      (await send('post', `/v1/cases/${caseId}/bassin/confirm`, 'coord-nord', { bassinId: 'inter-bassin' })).status,
    ).toBe(200);

    const corrected = await send('patch', `/v1/cases/${caseId}/deadlines/${deadlineId}`, 'lead-sud', {
      dueAt: new Date(Date.now() + 6 * 86_400_000).toISOString(),
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.state).toBe('corrected');
    // Another bassin's coordinator (not a lead), and a professional, are told it does not exist.
    for (const user of ['coord-sud', 'pro-home-nurse']) {
      expect([user, (await send('post', `/v1/cases/${caseId}/deadlines/${deadlineId}/dismiss`, user)).status]).toEqual([
        user,
        404,
      ]);
    }
    const dismissed = await send('post', `/v1/cases/${caseId}/deadlines/${deadlineId}/dismiss`, 'lead-sud');
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.state).toBe('dismissed');

    const audited = await t.sql<{ actor_id: string; purpose: string; outcome: string }>(
      `SELECT "actor_id","purpose","outcome" FROM "cases"."audit_log" WHERE "subject_id" = $1 AND "purpose" IN ('correct-case-deadline','dismiss-case-deadline') ORDER BY "id"`,
      [caseId],
    );
    expect(audited).toEqual(
      expect.arrayContaining([
        { actor_id: 'lead-sud', purpose: 'correct-case-deadline', outcome: 'allowed' },
        { actor_id: 'lead-sud', purpose: 'dismiss-case-deadline', outcome: 'allowed' },
        { actor_id: 'coord-sud', purpose: 'dismiss-case-deadline', outcome: 'denied' },
      ]),
    );
  });
});
