import { startTestEngine, type TestEngine } from '#concerto/testing';
import { API, ENGINE, startProvider, throughProvider } from './support/oidc-provider.js';

/** A browser's cookie jar as a Cookie header. */
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * ADR 0022, amendment: signing out with an identity provider ends the engine's session AND the
 * provider's (RP-initiated logout), against a real OpenID provider (panva's oidc-provider).
 */
describe('sign-out at the identity provider (OIDC end-session, embedded)', () => {
  let t: TestEngine;
  let op: Awaited<ReturnType<typeof startProvider>>;

  beforeAll(async () => {
    op = await startProvider({ accountId: 'coord-nord' });
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

  /** Signs a browser in through the provider; the jar keeps the provider's own cookies. */
  const signIn = async (jar: Map<string, string>) => {
    const start = await t.http().get('/auth/login?returnTo=/cases');
    const login = ((start.headers['set-cookie'] as unknown as string[]) ?? [])
      .find((c) => c.startsWith('concerto_login='))!
      .split(';')[0];
    const back = await throughProvider(start.headers.location, jar);
    const done = await t
      .http()
      .get(back.pathname + back.search)
      .set('Cookie', login);
    expect(done.status).toBe(303);
    const session = ((done.headers['set-cookie'] as unknown as string[]) ?? [])
      .find((c) => c.startsWith('concerto_session='))!
      .split(';')[0];
    const me = await t.http().get('/auth/me').set('Cookie', session).expect(200);
    // The ID token stays on the server.
    expect(me.text).not.toMatch(/eyJ/);
    return { session, csrfToken: me.body.csrfToken as string };
  };

  it('should end the session and send the browser to the provider, which ends its own and comes back', async () => {
    const jar = new Map<string, string>();
    const { session, csrfToken } = await signIn(jar);

    // The web app may post its sign-out form to the provider's redirect (form-action covers redirects).
    const app = await t.http().get('/cases');
    expect(app.headers['content-security-policy']).toContain(`form-action 'self' ${op.issuer}`);

    const out = await t
      .http()
      .post('/auth/logout')
      .set('Cookie', session)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ csrfToken });
    expect(out.status).toBe(303);
    const to = new URL(out.headers.location);
    expect(`${to.origin}${to.pathname}`).toBe(`${op.issuer}/session/end`);
    expect(Object.fromEntries(to.searchParams)).toEqual({
      id_token_hint: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/),
      post_logout_redirect_uri: `${ENGINE}/`,
      client_id: 'concerto-web',
    });
    expect(String(out.headers['set-cookie'])).toMatch(/concerto_session=; Path=\/; Max-Age=0/);
    await t.http().get('/auth/me').set('Cookie', session).expect(401);

    // At the provider: it accepts the hint and the return address, asks to confirm, then sends the browser back.
    const ask = await fetch(to, { redirect: 'manual', headers: { cookie: cookieHeader(jar) } });
    expect(ask.status).toBe(200);
    const page = await ask.text();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    expect(action && xsrf).toBeTruthy();
    for (const c of ask.headers.getSetCookie()) {
      const [pair] = c.split(';');
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    const confirmed = await fetch(new URL(action!, op.issuer), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }),
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${ENGINE}/`);
  });

  it('should sign out to the app itself when there is no session, and keep the JSON sign-out a 204', async () => {
    const none = await t.http().post('/auth/logout').set('Sec-Fetch-Site', 'same-origin').type('form').send({});
    expect(none.status).toBe(303);
    expect(none.headers.location).toBe('/');

    const { session, csrfToken } = await signIn(new Map());
    const json = await t.http().post('/auth/logout').set('Cookie', session).set('X-CSRF-Token', csrfToken);
    expect(json.status).toBe(204);
    await t.http().get('/auth/me').set('Cookie', session).expect(401);
  });

  it('should refuse a sign-out form without the CSRF token, and keep the session', async () => {
    const { session } = await signIn(new Map());
    const forged = await t
      .http()
      .post('/auth/logout')
      .set('Cookie', session)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({});
    expect(forged.status).toBe(403);
    await t.http().get('/auth/me').set('Cookie', session).expect(200);
  });
});
