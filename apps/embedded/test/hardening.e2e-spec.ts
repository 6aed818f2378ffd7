import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

/** Issue 14: the holes an outside attacker found, each pinned by a test. */
describe('hardening (embedded)', () => {
  let t: TestEngine;
  let pharmacist: string;

  beforeAll(async () => {
    t = await startTestEngine();
    pharmacist = await t.token('pro-pharmacist');
  });
  afterAll(() => t.close());

  describe('security headers and auth scheme', () => {
    const expectHelmet = (headers: Record<string, string>) => {
      expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['cache-control']).toBe('no-store');
    };

    it('should send helmet headers with a strict CSP on API answers and errors', async () => {
      for (const res of [
        await t.http().get('/health'),
        await t.http().get('/v1/bassins'),
        await t.http().get('/v1/bassins').set('Authorization', `Bearer ${pharmacist}`),
      ]) {
        expectHelmet(res.headers);
        const csp = res.headers['content-security-policy'];
        expect(csp).toMatch(/default-src 'none'/);
        expect(csp).toMatch(/frame-ancestors 'none'/);
        expect(csp).not.toMatch(/script-src/);
      }
    });

    it('should serve /docs under its own CSP, and every script the page loads is same-origin and served', async () => {
      const ui = await t.http().get('/docs');
      expect(ui.status).toBe(200);
      expectHelmet(ui.headers);
      const csp = ui.headers['content-security-policy'];
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      const html = ui.text;
      // An inline script would be blocked by script-src 'self': the page must have none.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const scripts = [...html.matchAll(/<script[^>]*\bsrc=["']([^"']+)["']/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) {
        expect(src).not.toMatch(/^(https?:)?\/\//);
        const res = await t.http().get(new URL(src, 'http://x/docs').pathname);
        expect([src, res.status]).toEqual([src, 200]);
      }
      const styles = [...html.matchAll(/<link[^>]*\bhref=["']([^"']+\.css)["']/g)].map((m) => m[1]);
      for (const href of styles) {
        expect((await t.http().get(new URL(href, 'http://x/docs').pathname)).status).toBe(200);
      }
    });

    it('should accept the bearer scheme in any case (RFC 7235)', async () => {
      for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
        expect([
          scheme,
          (await t.http().get('/v1/bassins').set('Authorization', `${scheme} ${pharmacist}`)).status,
        ]).toEqual([scheme, 200]);
      }
    });
  });
  describe('subjects are resolved against the directory', () => {
    it('should accept every demo user of the directory, admin included', async () => {
      const { readFileSync } = await import('node:fs');
      const seed = JSON.parse(readFileSync(t.engine.config.DIRECTORY_SEED_FILE, 'utf8')) as {
        professionals: Array<{ id: string; roles: string[]; bassins?: string[] }>;
      };
      for (const user of seed.professionals) {
        const token = await t.engine.identityProvider.issue({
          id: user.id,
          displayName: user.id,
          roles: user.roles,
          bassins: user.bassins,
        });
        expect([user.id, (await t.http().get('/v1/bassins').set('Authorization', `Bearer ${token}`)).status]).toEqual([
          user.id,
          200,
        ]);
      }
    });

    it('should answer 403 problem+json and audit the attempt when the directory does not confirm the token', async () => {
      const res = await t
        .http()
        .post('/v1/alerts')
        .set('Authorization', `Bearer ${pharmacist}`)
        .send(alertBody({}, uniquePerson()));
      const caseId = res.body.caseId as string;
      const forgedRights: Array<[string, string, { roles: string[]; bassins?: string[] }]> = [
        ['a subject nobody knows', 'ghost-coordinator', { roles: ['coordinator'], bassins: ['nord'] }],
        ['a role the directory does not give', 'pro-gp', { roles: ['coordinator'], bassins: ['nord'] }],
        ['a bassin the directory does not give', 'coord-sud', { roles: ['coordinator'], bassins: ['nord'] }],
      ];
      for (const [label, id, claims] of forgedRights) {
        const token = await t.engine.identityProvider.issue({ id, displayName: id, ...claims });
        for (const attempt of [
          t.http().get(`/v1/cases/${caseId}`),
          t.http().post(`/v1/cases/${caseId}/acknowledge`).send({}),
        ]) {
          const denied = await attempt.set('Authorization', `Bearer ${token}`);
          expect([label, denied.status]).toEqual([label, 403]);
          expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
        const audit = await t.sql<{ actor_id: string; action: string; outcome: string; subject_type: string }>(
          `SELECT * FROM "directory"."audit_log" WHERE "actor_id" = $1`,
          [id],
        );
        expect(audit.length).toBeGreaterThanOrEqual(2);
        expect(audit[0]).toMatchObject({ action: 'denied', outcome: 'denied', subject_type: 'principal' });
      }
      expect(
        (
          await t
            .http()
            .get(`/v1/cases/${caseId}`)
            .set('Authorization', `Bearer ${await t.token('coord-nord')}`)
        ).status,
      ).toBe(200);
    });
  });

  describe('calendar rights', () => {
    const HOURS = { mon: ['09:00-17:00'] };
    let relativeId: string;
    const put = async (user: string, path: string, body: object = HOURS) =>
      (
        await t
          .http()
          .put(path)
          .set('Authorization', `Bearer ${await t.token(user)}`)
          .send(body)
      ).status;

    beforeAll(async () => {
      const coord = await t.token('coord-sud');
      const res = await t
        .http()
        .post('/v1/alerts')
        .set('Authorization', `Bearer ${pharmacist}`)
        .send(alertBody({}, uniquePerson({ address: { postalCode: '1180' } })));
      const caseId = res.body.caseId as string;
      await expectEventually(async () =>
        expect(
          (await t.http().get(`/v1/cases/${caseId}/participants`).set('Authorization', `Bearer ${coord}`)).status,
        ).toBe(200),
      );
      const add = (body: object) =>
        t.http().post(`/v1/cases/${caseId}/participants`).set('Authorization', `Bearer ${coord}`).send(body);
      expect(
        (await add({ kind: 'professional', professionalId: 'pro-social-worker', email: 'social@example.test' })).status,
      ).toBe(201);
      const relative = await add({ kind: 'relative', displayName: 'Jan Calendar', email: 'jan.calendar@example.test' });
      relativeId = relative.body.participant.id;
    });

    it('should let the owner, an administrator and a coordinator of a bassin where the owner is on a care team write it', async () => {
      expect(await put('pro-social-worker', '/v1/calendars/pro-social-worker/weekly-hours')).toBe(200);
      expect(await put('admin', '/v1/calendars/pro-social-worker/weekly-hours')).toBe(200);
      expect(await put('coord-sud', '/v1/calendars/pro-social-worker/weekly-hours')).toBe(200);
      expect(await put('lead-sud', `/v1/calendars/${relativeId}/weekly-hours`)).toBe(200);
      expect(await put('coord-sud', '/v1/calendars/pro-social-worker/busy', { blocks: [] })).toBe(200);
    });

    it('should refuse cross-bassin writes and other professionals with 403', async () => {
      expect(await put('coord-nord', '/v1/calendars/pro-social-worker/weekly-hours')).toBe(403);
      expect(await put('lead-nord', `/v1/calendars/${relativeId}/weekly-hours`)).toBe(403);
      expect(await put('coord-nord', `/v1/calendars/${relativeId}/busy`, { blocks: [] })).toBe(403);
      expect(await put('pro-pharmacist', '/v1/calendars/pro-social-worker/weekly-hours')).toBe(403);
      const ics = await t
        .http()
        .put('/v1/calendars/pro-social-worker/busy.ics')
        .set('Authorization', `Bearer ${await t.token('coord-nord')}`)
        .set('Content-Type', 'text/calendar')
        .send('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n');
      expect(ics.status).toBe(403);
    });

    it('should answer 404 for an owner id that names nobody', async () => {
      expect(await put('coord-sud', '/v1/calendars/nobody-at-all/weekly-hours')).toBe(404);
      expect(await put('admin', '/v1/calendars/00000000-0000-4000-8000-000000000000/busy', { blocks: [] })).toBe(404);
      const rows = await t.sql(`SELECT 1 FROM "scheduling"."weekly_hours" WHERE "owner_id" = 'nobody-at-all'`);
      expect(rows).toEqual([]);
    });
  });

  describe('text and JSON limits', () => {
    let coord: string;
    let caseId: string;
    const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

    beforeAll(async () => {
      coord = await t.token('coord-sud');
      const res = await t
        .http()
        .post('/v1/alerts')
        .set(...auth(pharmacist))
        .send(alertBody({}, uniquePerson({ address: { postalCode: '1180' } })));
      expect(res.status).toBe(201);
      caseId = res.body.caseId;
      await expectEventually(async () =>
        expect(
          (
            await t
              .http()
              .get(`/v1/cases/${caseId}/participants`)
              .set(...auth(coord))
          ).status,
        ).toBe(200),
      );
    });

    const expectFieldRefused = (
      res: { status: number; headers: Record<string, string>; body: { errors?: Array<{ field: string }> } },
      field: string,
    ) => {
      expect([field, res.status]).toEqual([field, 400]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors?.map((e) => e.field)).toContain(field);
    };

    it('should refuse a NUL character with 400 naming the field in each free-text field', async () => {
      const NUL = 'a\u0000b';
      expectFieldRefused(
        await t
          .http()
          .post('/v1/alerts')
          .set(...auth(pharmacist))
          .send(alertBody({ reason: NUL }, uniquePerson())),
        'reason',
      );
      expectFieldRefused(
        await t.http().post('/v1/rsvp/some-answer-link-token').send({ writtenInput: NUL }),
        'writtenInput',
      );
      expectFieldRefused(
        await t
          .http()
          .post(`/v1/cases/${caseId}/participants`)
          .set(...auth(coord))
          .send({ kind: 'relative', displayName: NUL, email: 'r@example.test' }),
        'displayName',
      );
      expectFieldRefused(
        await t
          .http()
          .post('/v1/bassins/sud/rooms')
          .set(...auth(coord))
          .send({ name: NUL, capacity: 8, stepFree: true }),
        'name',
      );
      expectFieldRefused(
        await t
          .http()
          .post(`/v1/cases/${caseId}/consent`)
          .set(...auth(coord))
          .send({ decision: 'emergency-exception', emergencyReason: NUL }),
        'emergencyReason',
      );
      expectFieldRefused(
        await t
          .http()
          .post(`/v1/cases/${caseId}/concertations/polls`)
          .set(...auth(coord))
          .send({
            options: [{ start: '2030-01-07T10:00:00Z', end: '2030-01-07T11:00:00Z' }],
            closesAt: '2030-01-05T10:00:00Z',
            location: { kind: 'video', label: NUL },
          }),
        'location.label',
      );
    });

    it('should allow newline and tab in multi-line text only, and refuse format characters in names', async () => {
      const multiLine = await t
        .http()
        .post('/v1/alerts')
        .set(...auth(pharmacist))
        .send(alertBody({ reason: 'Lives alone.\n\tNo lift.' }, uniquePerson()));
      expect(multiLine.status).toBe(201);
      expectFieldRefused(
        await t
          .http()
          .post('/v1/bassins/sud/rooms')
          .set(...auth(coord))
          .send({ name: 'Salle\nSud', capacity: 8, stepFree: true }),
        'name',
      );
      for (const spoof of ['Jan\u202ePeeters', 'Jan\u200bPeeters', 'Jan\u2066Peeters']) {
        expectFieldRefused(
          await t
            .http()
            .post(`/v1/cases/${caseId}/participants`)
            .set(...auth(coord))
            .send({ kind: 'relative', displayName: spoof, email: 'r@example.test' }),
          'displayName',
        );
      }
    });

    it('should answer 400 to deeply nested JSON before walking it, with or without a token', async () => {
      const deep = '['.repeat(10_000) + ']'.repeat(10_000);
      const nested = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
      for (const [path, body, token] of [
        ['/v1/rsvp/some-answer-link-token', `{"writtenInput":${deep}}`, undefined],
        ['/v1/polls/answers/some-answer-link-token', nested, undefined],
        ['/v1/alerts', nested, pharmacist],
      ] as const) {
        const req = t.http().post(path).set('Content-Type', 'application/json');
        const res = await (token ? req.set(...auth(token)) : req).send(body);
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.type).toMatch(/too-deep/);
      }
      const shallow = await t.http().post('/v1/rsvp/some-answer-link-token').send({ writtenInput: 'fine' });
      expect(shallow.status).not.toBe(400);
    });
  });
});

describe('rate limits on every write and on the answer links (embedded)', () => {
  let t: TestEngine;

  beforeAll(async () => {
    t = await startTestEngine({ config: { WRITE_RATE_LIMIT_PER_MINUTE: '5', ANSWER_LINK_RATE_LIMIT_PER_MINUTE: '4' } });
  });
  afterAll(() => t.close());

  const HOURS = { mon: ['09:00-17:00'] };

  it('should give each user one write budget across routes, then 429 problem+json with Retry-After', async () => {
    const gp = await t.token('pro-gp');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t
        .http()
        .put('/v1/calendars/pro-gp/weekly-hours')
        .set('Authorization', `Bearer ${gp}`)
        .send(HOURS);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.body.type).toMatch(/rate-limited/);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Another route, same user: the budget is per user, not per route.
    expect(
      (await t.http().put('/v1/calendars/pro-gp/busy').set('Authorization', `Bearer ${gp}`).send({ blocks: [] }))
        .status,
    ).toBe(429);
    // Reads are not writes, and another user has their own budget.
    expect((await t.http().get('/v1/bassins').set('Authorization', `Bearer ${gp}`)).status).toBe(200);
    const nurse = await t.token('pro-home-nurse');
    expect(
      (
        await t
          .http()
          .put('/v1/calendars/pro-home-nurse/weekly-hours')
          .set('Authorization', `Bearer ${nurse}`)
          .send(HOURS)
      ).status,
    ).toBe(200);
  });

  it('should limit the answer links per client address, without an account', async () => {
    const from = (address: string, path: string) => t.http().get(path).set('X-Forwarded-For', address);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await from('198.51.100.7', `/v1/rsvp/guess-${i}`)).status);
    }
    statuses.push(
      (
        await t
          .http()
          .post('/v1/polls/answers/guess-x')
          .set('X-Forwarded-For', '198.51.100.7')
          .send({ answers: ['yes'] })
      ).status,
    );
    const limited = await from('198.51.100.7', '/v1/polls/answers/guess-y');
    expect(statuses.every((s) => s !== 429)).toBe(true);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from('198.51.100.8', '/v1/rsvp/guess-z')).status).not.toBe(429);
  });
});
