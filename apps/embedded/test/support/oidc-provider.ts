import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export const API = 'https://concerto.test/api';
export const ENGINE = 'http://concerto.test';

/**
 * A real OpenID provider (panva's oidc-provider) issuing JWT access tokens for the engine's API
 * (resource indicators), with the roles and bassins claims the engine reads. Its login screen is
 * replaced by an interaction that signs in whoever the test names.
 */
export async function startProvider(who: { accountId: string }) {
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
        // RP-initiated logout: the provider sends the browser back only to this address.
        post_logout_redirect_uris: [`${ENGINE}/`],
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

/**
 * Follows the provider's redirects like a browser would (the jar holds its cookies, so a later
 * end-session request is made by the same browser), up to the engine's callback.
 */
export async function throughProvider(authorizationUrl: string, jar = new Map<string, string>()): Promise<URL> {
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
