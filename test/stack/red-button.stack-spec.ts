/**
 * The foundation's end-to-end scenarios, against the running distributed stack: gateway →
 * alerts → Kafka → cases (and back), over real HTTP. Start it first: `npm run stack:up`.
 * Escalation stays with the embedded tests (timeouts are in minutes) and the fault tests.
 */
import http from 'node:http';
import pg from 'pg';
import { alertBody, call, eventually, GATEWAY_URL, StackTokens, uniquePerson } from './stack-client.js';

const PROBLEM = /^application\/problem\+json/;

describe(`red button through the distributed stack (${GATEWAY_URL})`, () => {
  let tokens: StackTokens;
  let pharmacist: string;
  let nurse: string;
  let coordNord: string;
  let coordSud: string;
  let socialWorker: string;
  let gp: string;
  let db: pg.Pool;

  beforeAll(async () => {
    const ready = await call('GET', '/ready').catch((error: unknown) => {
      throw new Error(`The stack does not answer at ${GATEWAY_URL} (npm run stack:up): ${String(error)}`);
    });
    expect(ready.status).toBe(200);
    tokens = await StackTokens.load();
    // Several reporters, so that re-running the suite stays under the per-user intake rate limit.
    [pharmacist, nurse, coordNord, coordSud, socialWorker, gp] = await Promise.all(
      ['pro-pharmacist', 'pro-home-nurse', 'coord-nord', 'coord-sud', 'pro-social-worker', 'pro-gp'].map((u) =>
        tokens.token(u),
      ),
    );
    db = new pg.Pool({
      connectionString: process.env.DATABASE_URL ?? 'postgres://concerto:concerto@127.0.0.1:15432/concerto',
      max: 1,
    });
  });
  afterAll(() => db?.end());

  const raise = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call('POST', '/v1/alerts', { token, body, headers });
  const getCase = (token: string, caseId: string) => call('GET', `/v1/cases/${caseId}`, { token });

  it('raises an alert: 201 with the case, its bassin and its owner', async () => {
    const res = await raise(pharmacist, alertBody({}, uniquePerson({ address: { postalCode: '1090' } })));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      alertId: expect.any(String),
      caseId: expect.any(String),
      caseStatus: 'opened',
      openedNewCase: true,
      bassin: { id: 'nord', needsConfirmation: false, routingReason: 'postal-code' },
      owner: { id: 'coord-nord' },
    });
    expect(res.headers.get('location')).toBe(`/v1/cases/${res.body.caseId}`);
  });

  it("lets the bassin's coordinator read the case once the cases service consumed alert.raised from Kafka", async () => {
    const person = uniquePerson();
    const started = Date.now();
    const res = await raise(pharmacist, alertBody({ type: 'imminent-discharge', urgency: 'urgent' }, person));
    expect(res.status).toBe(201);
    const view = await eventually(async () => {
      const r = await getCase(coordNord, res.body.caseId);
      expect(r.status).toBe(200);
      return r.body;
    });
    process.stdout.write(`[stack] alert → case readable by the coordinator in ${Date.now() - started} ms\n`);
    expect(view).toMatchObject({
      view: 'coordinator',
      status: 'opened',
      urgency: 'urgent',
      bassinId: 'nord',
      // owner's name from the directory, person's identity from the alerts vault: both over the internal HTTP API
      owner: { id: 'coord-nord', displayName: 'Coordinator Nord (demo)' },
      person: { givenName: 'Stack', familyName: person.familyName, birthDate: '1950-01-01', postalCode: '1090' },
    });
    expect(view.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorId: 'pro-pharmacist', role: 'reporter' }),
        expect.objectContaining({ actorId: 'coord-nord', role: 'coordinator' }),
      ]),
    );
  });

  it('shows the reporter the status and owner only, and answers 404 to everyone else', async () => {
    const res = await raise(pharmacist, alertBody());
    const reporterView = await eventually(async () => {
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
    expect(JSON.stringify(reporterView)).not.toMatch(/Stack|1950/);
    for (const stranger of [nurse, coordSud]) {
      const r = await getCase(stranger, res.body.caseId);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(PROBLEM);
    }
    expect((await getCase(coordNord, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lets the coordinator acknowledge; the intake learns it through cases.case.v1; a second alert joins the case', async () => {
    const person = uniquePerson();
    const first = await raise(pharmacist, alertBody({}, person));
    const caseId = first.body.caseId as string;
    await eventually(async () => expect((await getCase(coordNord, caseId)).status).toBe(200));

    expect((await call('POST', `/v1/cases/${caseId}/acknowledge`, { token: pharmacist, body: {} })).status).toBe(403);
    expect((await call('POST', `/v1/cases/${caseId}/acknowledge`, { token: coordSud, body: {} })).status).toBe(404);
    const ack = await call('POST', `/v1/cases/${caseId}/acknowledge`, { token: coordNord, body: {} });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ caseId, status: 'acknowledged', ownerId: 'coord-nord' });
    const reporterView = await getCase(pharmacist, caseId);
    expect(reporterView.body).toMatchObject({
      status: 'acknowledged',
      owner: { id: 'coord-nord' },
      acknowledgedAt: expect.any(String),
    });

    await eventually(async () => {
      const { rows } = await db.query<{ status: string }>(
        `SELECT "status" FROM "alerts"."case_index" WHERE "case_id" = $1`,
        [caseId],
      );
      expect(rows[0]?.status).toBe('acknowledged');
    });
    const second = await raise(nurse, alertBody({ type: 'deteriorating-at-home' }, person));
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({
      caseId,
      openedNewCase: false,
      caseStatus: 'acknowledged',
      owner: { id: 'coord-nord' },
    });
    const view = await eventually(async () => {
      const r = await getCase(coordNord, caseId);
      expect(r.body.alerts).toHaveLength(2);
      return r.body;
    });
    expect(view.members).toEqual(
      expect.arrayContaining([expect.objectContaining({ actorId: 'pro-home-nurse', role: 'reporter' })]),
    );
  });

  it('replays a retried request with the same Idempotency-Key: same alert, one case, one alert on it', async () => {
    const body = alertBody();
    const key = `stack-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    const first = await raise(socialWorker, body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    // a client that retries several times at once (double submit, proxy retries)
    const replays = await Promise.all([1, 2, 3, 4].map(() => raise(socialWorker, body, { 'Idempotency-Key': key })));
    for (const r of replays) {
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ alertId: first.body.alertId, caseId: first.body.caseId, replayed: true });
      expect(r.headers.get('idempotent-replayed')).toBe('true');
    }
    const view = await eventually(async () => {
      const r = await getCase(coordNord, first.body.caseId);
      expect(r.status).toBe(200);
      return r.body;
    });
    expect(view.alerts).toHaveLength(1);
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "alerts"."alerts" WHERE "case_id" = $1`, [
      first.body.caseId,
    ]);
    expect(Number(rows[0].n)).toBe(1);

    const reused = await raise(socialWorker, alertBody(), { 'Idempotency-Key': key });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(PROBLEM);
  });

  it('returns the urgent guidance at once for a suicide-risk alert', async () => {
    const res = await raise(gp, alertBody({ type: 'suicide-risk', urgency: 'urgent' }));
    expect(res.status).toBe(201);
    expect(res.body.urgentGuidance).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          phone: expect.any(String),
          label: expect.objectContaining({ fr: expect.any(String) }),
        }),
      ]),
    );
  });

  it('rejects invalid input with 400 problem+json naming the fields', async () => {
    const bad = await raise(gp, {
      type: 'nonsense',
      urgency: 'urgent',
      person: { givenName: '', familyName: 'X1' },
      isAdmin: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(PROBLEM);
    const fields = (bad.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['type', 'person.givenName', 'person.familyName', 'isAdmin']));
    const malformed = await call('POST', '/v1/alerts', { token: gp, rawBody: '{"type":' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(PROBLEM);
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.js|SyntaxError/);
  });

  it('answers 401 problem+json without a valid token, at the gateway', async () => {
    const none = await call('POST', '/v1/alerts', { body: alertBody() });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(PROBLEM);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="concerto"');
    expect((await call('GET', '/v1/cases/00000000-0000-4000-8000-000000000000', { token: 'not.a.jwt' })).status).toBe(
      401,
    );
    // right shape, wrong signer: a token from a key the gateway does not know
    const forged = `${pharmacist.split('.').slice(0, 2).join('.')}.${Buffer.from('x'.repeat(64)).toString('base64url')}`;
    expect((await call('GET', '/v1/bassins', { token: forged })).status).toBe(401);
  });

  it('serves the directory through the gateway', async () => {
    const res = await call('GET', '/v1/bassins', { token: pharmacist });
    expect(res.status).toBe(200);
    expect((res.body as Array<{ id: string }>).map((b) => b.id).sort()).toEqual([
      'centre-ouest',
      'nord',
      'nord-est',
      'sud',
      'sud-est',
    ]);
  });

  it('never forwards the internal API, even with the internal token header or a crafted path', async () => {
    const internal = await call('GET', '/internal/v1/persons/00000000-0000-4000-8000-000000000000', {
      token: coordNord,
      headers: { 'X-Internal-Token': 'guess-guess-guess-guess' },
    });
    expect(internal.status).toBe(404);
    for (const path of [
      '/v1/alerts/../internal/v1/directory/professionals/coord-nord',
      '/v1/alerts/%2e%2e/%2e%2e/internal/v1/persons/x',
      '/v1/cases//x',
    ]) {
      const status = await rawStatus(path, coordNord);
      expect([400, 404]).toContain(status);
    }
    expect((await call('GET', '/v1/unknown', { token: coordNord })).status).toBe(404);
  });

  it('keeps one correlation id from the gateway through the service', async () => {
    const res = await call('GET', '/v1/bassins', {
      token: pharmacist,
      headers: { 'X-Correlation-Id': 'stack-test-correlation-1' },
    });
    expect(res.headers.get('x-correlation-id')).toBe('stack-test-correlation-1');
    const unsafe = await call('GET', '/v1/bassins', {
      token: pharmacist,
      headers: { 'X-Correlation-Id': 'bad id with spaces' },
    });
    expect(unsafe.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves /health, /ready (every service), the dev JWKS and the merged OpenAPI document', async () => {
    expect((await call('GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await call('GET', '/ready')).body).toEqual({
      status: 'ready',
      checks: { alerts: true, cases: true, directory: true, scheduling: true, notifications: true },
    });
    const jwks = await call('GET', '/dev-idp/jwks');
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.body.keys[0].d).toBeUndefined();
    const docs = await call('GET', '/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/alerts',
        '/v1/alerts/{alertId}',
        '/v1/cases/{caseId}',
        '/v1/cases/{caseId}/acknowledge',
        '/v1/bassins',
      ]),
    );
    expect(Object.keys(docs.body.paths).filter((p) => !p.startsWith('/v1/'))).toEqual([]);
  });

  it('rate-limits alert intake per user at the gateway with 429 and Retry-After', async () => {
    const volunteer = await tokens.token('vol-ldc');
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    // invalid bodies: counted by the limiter, never create anything
    for (let i = 0; i < 80 && !limited; i++) {
      const r = await call('POST', '/v1/alerts', { token: volunteer, body: { type: 'nonsense' } });
      expect([400, 429]).toContain(r.status);
      if (r.status === 429) {
        limited = r;
      }
    }
    expect(limited).toBeDefined();
    expect(limited!.headers.get('content-type')).toMatch(PROBLEM);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    // other users are not affected
    expect((await raise(pharmacist, { type: 'nonsense' })).status).toBe(400);
  });
});

/** A request whose path is sent exactly as written (fetch would normalise dot segments). */
function rawStatus(path: string, token: string): Promise<number> {
  const url = new URL(GATEWAY_URL);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: url.hostname, port: url.port, path, method: 'GET', headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
