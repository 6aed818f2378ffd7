import { startTestEngine, type TestEngine } from '#concerto/testing';
import { API, ENGINE, startProvider, throughProvider } from './support/oidc-provider.js';

describe('browser sign-in with an OpenID Connect provider (authorization code + PKCE, embedded)', () => {
  let t: TestEngine;
  let op: Awaited<ReturnType<typeof startProvider>>;
  const who = { accountId: 'coord-nord' };

  beforeAll(async () => {
    op = await startProvider(who);
    t = await startTestEngine({
      config: {
        PUBLIC_BASE_URL: ENGINE,
        OIDC_ISSUER_URL: op.issuer,
        OIDC_CLIENT_ID: 'concerto-web',
        OIDC_CLIENT_SECRET: 'a-client-secret-of-the-engine-at-the-op',
        OIDC_SCOPES: 'openid profile',
        OIDC_RESOURCE: API,
        AUTH_ISSUER: op.issuer,
        AUTH_JWKS_URL: `${op.issuer}/jwks`,
        AUTH_AUDIENCE: 'concerto-api',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await op?.close();
  });

  const startLogin = async (returnTo = '/worklist') => {
    const res = await t.http().get(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(res.status).toBe(302);
    const login = ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((c) =>
      c.startsWith('concerto_login='),
    );
    expect(login).toMatch(/Path=\/auth; Max-Age=600; HttpOnly; SameSite=Lax/);
    return { location: new URL(res.headers.location), loginCookie: login!.split(';')[0] };
  };

  it('should ask for the code with PKCE (S256), a state and a nonce', async () => {
    const { location } = await startLogin();
    expect(location.origin).toBe(op.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: 'concerto-web',
      response_type: 'code',
      redirect_uri: `${ENGINE}/auth/callback`,
      scope: 'openid profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      resource: API,
    });
  });

  it('should sign in through the provider and hold a session whose token the engine verifies', async () => {
    const { location, loginCookie } = await startLogin('/worklist');
    const back = await throughProvider(location.href);
    expect(back.pathname).toBe('/auth/callback');
    const done = await t
      .http()
      .get(back.pathname + back.search)
      .set('Cookie', loginCookie);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/worklist');
    const session = ((done.headers['set-cookie'] as unknown as string[]) ?? [])
      .find((c) => c.startsWith('concerto_session='))!
      .split(';')[0];

    const me = await t.http().get('/auth/me').set('Cookie', session);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      userId: 'coord-nord',
      displayName: 'Coordinatrice Nord (OIDC)',
      roles: ['coordinator'],
      bassins: ['nord'],
      language: 'nl',
      csrfToken: expect.any(String),
    });
    expect(me.text).not.toMatch(/eyJ/);
    // The provider's access token, held by the session, opens the API like a bearer token would.
    expect((await t.http().get('/v1/cases').set('Cookie', session)).status).toBe(200);

    // The callback is single-use: replayed, it signs nobody in.
    const replay = await t
      .http()
      .get(back.pathname + back.search)
      .set('Cookie', loginCookie);
    expect(replay.status).toBe(400);
    expect(replay.headers['set-cookie']?.toString() ?? '').not.toContain('concerto_session=');
  });

  it('should refuse a callback whose state is not the one this browser sent', async () => {
    const { location, loginCookie } = await startLogin();
    const back = await throughProvider(location.href);
    back.searchParams.set('state', 'forged-state-0123456789abcdefghijklmnop');
    const res = await t
      .http()
      .get(back.pathname + back.search)
      .set('Cookie', loginCookie);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('should refuse a callback in a browser that did not start the sign-in (login CSRF)', async () => {
    const { location } = await startLogin();
    const back = await throughProvider(location.href);
    const res = await t.http().get(back.pathname + back.search);
    expect(res.status).toBe(400);
  });

  it('should keep the development sign-in off when a provider is configured', async () => {
    expect((await t.http().get('/auth/dev')).status).toBe(404);
  });
});
