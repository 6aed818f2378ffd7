import { ManualClock } from '#concerto/ddd';
import { alertBody, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

/** The session cookie a response set, as `name=value` for the next request's Cookie header. */
function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const found = cookies.find((c) => c.startsWith('concerto_session='));
  if (!found) {
    throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  }
  return found.split(';')[0];
}

describe('browser sessions: development sign-in, CSRF, logout, expiry (embedded, ADR 0022)', () => {
  let t: TestEngine;
  const sessionClock = new ManualClock();

  beforeAll(async () => {
    t = await startTestEngine({ sessionClock, config: { SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '2' } });
  });
  afterAll(() => t?.close());

  const signIn = async (userId: string) => {
    const res = await t.http().post('/auth/dev').type('form').send({ userId });
    expect(res.status).toBe(303);
    return sessionCookie(res);
  };
  const me = (cookie: string) => t.http().get('/auth/me').set('Cookie', cookie);

  it('should list the demo users on the development sign-in page, in the asked language', async () => {
    const nl = await t.http().get('/auth/dev').set('Accept-Language', 'nl-BE,nl;q=0.9,fr;q=0.8');
    expect(nl.status).toBe(200);
    expect(nl.headers['content-type']).toMatch(/^text\/html/);
    expect(nl.text).toContain('<html lang="nl">');
    expect(nl.text).toContain('Aanmelden als Coordinator Nord (demo)');
    expect(nl.text).toContain('name="userId" value="pro-pharmacist"');
    const fr = await t.http().get('/auth/dev?lang=fr').set('Accept-Language', 'nl');
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toContain('Se connecter en tant que');
    const en = await t.http().get('/auth/dev').set('Accept-Language', 'de, en;q=0.5');
    expect(en.text).toContain('<html lang="en">');
    // The page posts a form to this origin: its CSP must allow that, and nothing else.
    expect(en.headers['content-security-policy']).toContain("form-action 'self'");
    expect(en.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('should sign in with an httpOnly SameSite=Lax cookie and keep the token on the server', async () => {
    const res = await t.http().post('/auth/dev').type('form').send({ userId: 'coord-nord', returnTo: '/cases' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/cases');
    const setCookie = ((res.headers['set-cookie'] as unknown as string[]) ?? []).join('\n');
    expect(setCookie).toMatch(/concerto_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=7200; HttpOnly; SameSite=Lax/);
    // http://: no Secure flag (the browser would drop the cookie); https PUBLIC_BASE_URL sets it.
    expect(setCookie).not.toMatch(/Secure/);
    expect(res.text).not.toMatch(/eyJ/);

    const who = await me(sessionCookie(res));
    expect(who.status).toBe(200);
    expect(who.body).toEqual({
      userId: 'coord-nord',
      displayName: 'Coordinator Nord (demo)',
      roles: ['coordinator'],
      bassins: ['nord'],
      language: expect.stringMatching(/^(fr|nl|en)$/),
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(who.text).not.toMatch(/eyJ/);
  });

  it('should never redirect elsewhere than this site after sign-in', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const res = await t.http().post('/auth/dev').type('form').send({ userId: 'coord-nord', returnTo });
      expect(res.headers.location).toBe('/');
    }
  });

  it('should refuse an unknown user and a sign-in posted from another site', async () => {
    const unknown = await t.http().post('/auth/dev').type('form').send({ userId: 'nobody' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body.errors).toEqual([{ field: 'userId', reason: expect.any(String) }]);
    const crossSite = await t
      .http()
      .post('/auth/dev')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ userId: 'coord-nord' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers['set-cookie']).toBeUndefined();
    // A browser says where a request comes from with Sec-Fetch-Site (its Origin is `null` under no-referrer).
    const fetchSite = await t
      .http()
      .post('/auth/dev')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'null')
      .type('form')
      .send({ userId: 'coord-nord' });
    expect(fetchSite.status).toBe(403);
    const sameOrigin = await t
      .http()
      .post('/auth/dev')
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Origin', 'null')
      .type('form')
      .send({ userId: 'coord-nord' });
    expect(sameOrigin.status).toBe(303);
  });

  it('should turn the cookie into the same principal as a bearer token on the API', async () => {
    const cookie = await signIn('coord-nord');
    const withCookie = await t.http().get('/v1/cases').set('Cookie', cookie);
    const withBearer = await t
      .http()
      .get('/v1/cases')
      .set('Authorization', `Bearer ${await t.token('coord-nord')}`);
    expect(withCookie.status).toBe(200);
    expect(withBearer.status).toBe(200);
    expect(Object.keys(withCookie.body as object)).toEqual(Object.keys(withBearer.body as object));
    // A professional's session is a professional: the coordinator's worklist stays closed.
    const pharmacist = await signIn('pro-pharmacist');
    expect((await t.http().get('/v1/cases').set('Cookie', pharmacist)).status).toBe(403);
  });

  it('should refuse an unsafe request carried by the cookie without the CSRF token', async () => {
    const cookie = await signIn('pro-pharmacist');
    const { csrfToken } = (await me(cookie)).body as { csrfToken: string };
    const body = alertBody({}, uniquePerson());

    const missing = await t.http().post('/v1/alerts').set('Cookie', cookie).send(body);
    expect(missing.status).toBe(403);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 403, type: expect.stringContaining('csrf-token-invalid') });

    const wrong = await t
      .http()
      .post('/v1/alerts')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', 'x'.repeat(43))
      .send(body);
    expect(wrong.status).toBe(403);

    const other = await signIn('pro-pharmacist');
    const otherToken = ((await me(other)).body as { csrfToken: string }).csrfToken;
    const crossed = await t.http().post('/v1/alerts').set('Cookie', cookie).set('X-CSRF-Token', otherToken).send(body);
    expect(crossed.status).toBe(403);

    const ok = await t.http().post('/v1/alerts').set('Cookie', cookie).set('X-CSRF-Token', csrfToken).send(body);
    expect(ok.status).toBe(201);
    expect(ok.body.alertId).toEqual(expect.any(String));
  });

  it('should keep bearer requests exactly as they were, cookie or not', async () => {
    const cookie = await signIn('pro-pharmacist');
    const token = await t.token('pro-pharmacist');
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Cookie', cookie)
      .set('Authorization', `Bearer ${token}`)
      .send(alertBody({}, uniquePerson()));
    expect(res.status).toBe(201);
    const none = await t.http().get('/v1/cases');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer realm="concerto"$/);
  });

  it('should destroy the session at logout (with the CSRF token only)', async () => {
    const cookie = await signIn('coord-nord');
    const { csrfToken } = (await me(cookie)).body as { csrfToken: string };
    expect((await t.http().post('/auth/logout').set('Cookie', cookie)).status).toBe(403);
    expect((await me(cookie)).status).toBe(200);

    const out = await t.http().post('/auth/logout').set('Cookie', cookie).set('X-CSRF-Token', csrfToken);
    expect(out.status).toBe(204);
    expect(((out.headers['set-cookie'] as unknown as string[]) ?? []).join()).toMatch(
      /concerto_session=; Path=\/; Max-Age=0/,
    );
    // The old cookie, replayed, is nobody.
    const after = await me(cookie);
    expect(after.status).toBe(401);
    expect(after.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.http().get('/v1/cases').set('Cookie', cookie)).status).toBe(401);
  });

  it('should end a session after its idle time, and after its absolute lifetime however active', async () => {
    const idle = await signIn('coord-nord');
    sessionClock.advance(29 * 60_000);
    expect((await me(idle)).status).toBe(200);
    sessionClock.advance(29 * 60_000);
    expect((await me(idle)).status).toBe(200);
    sessionClock.advance(31 * 60_000);
    expect((await me(idle)).status).toBe(401);

    const busy = await signIn('coord-nord');
    for (let minutes = 0; minutes < 120; minutes += 20) {
      expect((await me(busy)).status).toBe(200);
      sessionClock.advance(20 * 60_000);
    }
    expect((await me(busy)).status).toBe(401);
    expect((await t.http().get('/v1/cases').set('Cookie', busy)).status).toBe(401);
  });

  it('should answer 401 on /auth/me when signed out, and 404 on the OIDC routes when no provider is set', async () => {
    expect((await t.http().get('/auth/me')).status).toBe(401);
    expect(
      (
        await t
          .http()
          .get('/auth/me')
          .set('Cookie', 'concerto_session=' + 'a'.repeat(43))
      ).status,
    ).toBe(401);
    expect((await t.http().get('/auth/login')).status).toBe(404);
    expect((await t.http().get('/auth/callback?code=x&state=y')).status).toBe(404);
  });
});

describe('browser sessions with NODE_ENV=production (embedded)', () => {
  let t: TestEngine;

  beforeAll(async () => {
    t = await startTestEngine({
      config: { NODE_ENV: 'production', DEV_MAILBOX: 'false', MOBILE_CRISIS_TEAM_PHONE: '+32 2 555 00 00' },
    });
  });
  afterAll(() => t?.close());

  it('should refuse the development sign-in', async () => {
    const page = await t.http().get('/auth/dev');
    expect(page.status).toBe(404);
    expect(page.text).not.toContain('coord-nord');
    const post = await t.http().post('/auth/dev').type('form').send({ userId: 'coord-nord' });
    expect(post.status).toBe(404);
    expect(post.headers['set-cookie']).toBeUndefined();
  });
});
