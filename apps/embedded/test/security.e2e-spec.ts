import { createHmac, createPrivateKey, createSign, generateKeyPairSync } from 'node:crypto';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

const b64url = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

describe('security baseline (embedded)', () => {
  let t: TestEngine;
  let pharmacist: string;

  beforeAll(async () => {
    t = await startTestEngine({ config: { ALERT_RATE_LIMIT_PER_MINUTE: '3' } });
    pharmacist = await t.token('pro-pharmacist');
  });
  afterAll(() => t?.close());

  const claims = (over: Record<string, unknown> = {}) => ({
    sub: 'pro-pharmacist',
    roles: ['professional'],
    iss: t.engine.config.AUTH_ISSUER,
    aud: t.engine.config.AUTH_AUDIENCE,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 600,
    ...over,
  });

  const forged = (): Array<[string, string]> => {
    const jwk = t.engine.identityProvider.publicJwk;
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`;
    const hsInput = `${b64url({ alg: 'HS256', kid: jwk.kid })}.${b64url(claims())}`;
    const hs256 = `${hsInput}.${createHmac('sha256', JSON.stringify(jwk)).update(hsInput).digest('base64url')}`;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sign = (header: object, body: object) => {
      const input = `${b64url(header)}.${b64url(body)}`;
      const sig = createSign('SHA256')
        .update(input)
        .sign({
          key: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })),
          dsaEncoding: 'ieee-p1363',
        });
      return `${input}.${b64url(sig)}`;
    };
    return [
      ['alg none', none],
      ['HS256 signed with the public key', hs256],
      ['signed by an unknown key with the known kid', sign({ alg: 'ES256', kid: jwk.kid }, claims())],
      ['jwk header pointing elsewhere', sign({ alg: 'ES256', jwk: { kty: 'EC' } }, claims())],
      ['garbage', 'not.a.token'],
    ];
  };

  it('should refuse every route but health, readiness and docs without a bearer token', async () => {
    for (const [method, path] of [
      ['post', '/v1/alerts'],
      ['get', '/v1/cases/00000000-0000-4000-8000-000000000000'],
      ['post', '/v1/cases/00000000-0000-4000-8000-000000000000/acknowledge'],
      ['get', '/v1/bassins'],
    ] as const) {
      const res = await t.http()[method](path).send({});
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    expect((await t.http().get('/health')).status).toBe(200);
    expect((await t.http().get('/ready')).body.status).toBe('ready');
    const ui = await t.http().get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    const docs = await t.http().get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/alerts',
        '/v1/cases/{caseId}',
        '/v1/cases/{caseId}/acknowledge',
        '/v1/cases/{caseId}/timeline',
      ]),
    );
    expect(JSON.stringify(docs.body)).toMatch(/Do NOT write clinical content/);
    expect(Object.keys(docs.body.paths).some((p) => p.startsWith('/internal'))).toBe(false);
  });

  it('should refuse forged, expired and misaddressed tokens with 401', async () => {
    const idp = t.engine.identityProvider;
    const wrong: Array<[string, string]> = [...forged()];
    const { SignJWT, importJWK } = await import('jose');
    const key = await importJWK((idp as unknown as { privateJwk: Record<string, unknown> }).privateJwk, 'ES256');
    const make = (over: Record<string, unknown>) =>
      new SignJWT(claims(over)).setProtectedHeader({ alg: 'ES256', kid: idp.publicJwk.kid }).sign(key);
    wrong.push(['expired', await make({ exp: Math.floor(Date.now() / 1000) - 3600 })]);
    wrong.push(['not yet valid', await make({ nbf: Math.floor(Date.now() / 1000) + 3600 })]);
    wrong.push(['wrong issuer', await make({ iss: 'https://evil.example' })]);
    wrong.push(['wrong audience', await make({ aud: 'another-api' })]);
    wrong.push(['control: valid', await make({})]);
    for (const [label, token] of wrong) {
      const res = await t.http().get('/v1/bassins').set('Authorization', `Bearer ${token}`);
      expect([label, res.status]).toEqual([label, label.startsWith('control') ? 200 : 401]);
    }
  });

  it('should rate-limit alert intake per user with 429 problem+json', async () => {
    const nurse = await t.token('pro-home-nurse');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t
        .http()
        .post('/v1/alerts')
        .set('Authorization', `Bearer ${nurse}`)
        .send(alertBody({}, uniquePerson()));
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    const other = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${pharmacist}`)
      .send(alertBody({}, uniquePerson()));
    expect(other.status).toBe(201);
  });

  it("should audit every read and write of a person's data, including denials, in an append-only log", async () => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${pharmacist}`)
      .send(alertBody({}, uniquePerson()));
    const caseId = res.body.caseId as string;
    const coord = await t.token('coord-nord');
    await expectEventually(async () =>
      expect((await t.http().get(`/v1/cases/${caseId}`).set('Authorization', `Bearer ${coord}`)).status).toBe(200),
    );
    await t
      .http()
      .get(`/v1/cases/${caseId}`)
      .set('Authorization', `Bearer ${await t.token('pro-gp')}`)
      .expect(404);

    const intake = await t.sql<{ actor_id: string; action: string; subject_type: string }>(
      `SELECT * FROM "alerts"."audit_log" WHERE "subject_id" = (SELECT "person_ref"::text FROM "alerts"."alerts" WHERE "alert_id" = $1)`,
      [res.body.alertId],
    );
    expect(intake).toEqual([
      expect.objectContaining({ actor_id: 'pro-pharmacist', action: 'create', subject_type: 'person' }),
    ]);
    const reads = await t.sql<{ actor_id: string; action: string; outcome: string; subject_type: string }>(
      `SELECT * FROM "cases"."audit_log" WHERE "subject_id" = $1::text OR "subject_id" = (SELECT "person_ref"::text FROM "cases"."cases" WHERE "case_id" = $1::uuid) ORDER BY "id"`,
      [caseId],
    );
    expect(reads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor_id: 'coord-nord', action: 'read', subject_type: 'case', outcome: 'allowed' }),
        expect.objectContaining({ actor_id: 'coord-nord', action: 'read', subject_type: 'person', outcome: 'allowed' }),
        expect.objectContaining({ actor_id: 'pro-gp', action: 'denied', subject_type: 'case', outcome: 'denied' }),
      ]),
    );
    await expect(t.sql(`UPDATE "cases"."audit_log" SET "actor_id" = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM "alerts"."audit_log"`)).rejects.toThrow(/append-only/);
    for (const schema of ['alerts', 'cases', 'directory', 'notifications', 'scheduling']) {
      await expect(t.sql(`TRUNCATE "${schema}"."audit_log"`)).rejects.toThrow(/append-only/);
    }
  });

  it('should send security headers and carry a safe correlation id from the request into the events', async () => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${pharmacist}`)
      .set('X-Correlation-Id', 'walkthrough-42')
      .send(alertBody({}, uniquePerson()));
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-correlation-id']).toBe('walkthrough-42');
    await expectEventually(async () => {
      const events = await t.sql<{ envelope: { type: string; correlationid: string } }>(
        `SELECT "envelope" FROM "alerts"."outbox" WHERE "message_key" = $1 UNION ALL SELECT "envelope" FROM "cases"."outbox" WHERE "message_key" = $1`,
        [res.body.caseId],
      );
      expect(events.map((e) => [e.envelope.type, e.envelope.correlationid]).sort()).toEqual([
        ['alert.raised', 'walkthrough-42'],
        ['case.opened', 'walkthrough-42'],
      ]);
    });
    const timers = await t.sql<{ correlation_id: string }>(
      `SELECT "correlation_id" FROM "cases"."timers" WHERE "subject_id" = $1`,
      [res.body.caseId],
    );
    expect(timers.map((r) => r.correlation_id)).toEqual(['walkthrough-42']);
    const injected = await t.http().get('/health').set('X-Correlation-Id', 'a b\tc');
    expect(injected.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
