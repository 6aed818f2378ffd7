import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { startTestEngine, type TestEngine } from '#concerto/testing';

const API = 'https://concerto.test/api';
const ENGINE = 'http://concerto.test';

/**
 * A real OpenID provider (panva's oidc-provider) issuing JWT access tokens for the engine's API
 * (resource indicators), with the roles and bassins claims the engine reads. Its login screen is
 * replaced by an interaction that signs in whoever the test names.
 */
async function startProvider(who: { accountId: string }) {
  // RS256, the algorithm most providers sign with by default (and the one OIDC clients expect).
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-op' };
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'concerto-web',
        client_secret: 'a-client-secret-of-the-engine-at-the-op',
        redirect_uris: [`${ENGINE}/auth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name', 'locale'] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'api',
          audience: 'concerto-api',
          accessTokenFormat: 'jwt',
          accessTokenTTL: 600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    findAccount: (_ctx, sub) =>
      Promise.resolve({
        accountId: sub,
        claims: () => Promise.resolve({ sub, name: 'Coordinatrice Nord (OIDC)', locale: 'nl-BE' }),
      }),
    extraTokenClaims: (_ctx, token) =>
      Promise.resolve(
        'accountId' in token && token.accountId === 'coord-nord' ? { roles: ['coordinator'], bassins: ['nord'] } : {},
      ),
    // No consent screen: the engine is a first-party client.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId,
      });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(API, 'api');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  const callback = provider.callback();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      void provider.interactionFinished(
        req,
        res,
        { login: { accountId: who.accountId } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    void callback(req, res);
  });
  return {
    issuer,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Follows the provider's redirects like a browser would (its own cookies), up to the engine's callback. */
async function throughProvider(authorizationUrl: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (!location) {
      throw new Error(`the provider stopped at ${url} with ${res.status}: ${await res.text()}`);
    }
    const next = new URL(location, url);
    if (next.origin === ENGINE) {
      return next;
    }
    url = next.href;
  }
  throw new Error('too many redirects');
}

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
