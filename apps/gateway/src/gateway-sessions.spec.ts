import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenVerifier } from '#concerto/auth';
import { loadConfig } from '#concerto/config';
import { createGateway, type Gateway } from './gateway-app.js';

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
}

async function fakeService(seen: Seen[]) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/docs-json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"openapi":"3.0.0","paths":{}}');
        return;
      }
      seen.push({ method: req.method, url: req.url, headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('gateway: browser sessions and the web app (ADR 0022)', () => {
  const seen: Seen[] = [];
  let gateway: Gateway;
  let base: string;
  let dataDir: string;
  let servers: http.Server[];
  let verifier: TokenVerifier;

  beforeAll(async () => {
    const services = await Promise.all([1, 2, 3].map(() => fakeService(seen)));
    servers = services.map((s) => s.server);
    dataDir = mkdtempSync(join(tmpdir(), 'concerto-gateway-bff-'));
    const web = join(dataDir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(
      join(web, 'index.html'),
      '<!doctype html><title>Concerto app</title><script type="module" src="/assets/app-3f2a1b.js"></script>',
    );
    writeFileSync(join(web, 'assets', 'app-3f2a1b.js'), 'console.log("app")');
    writeFileSync(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'fatal',
      ALERTS_URL: services[0].url,
      CASES_URL: services[1].url,
      DIRECTORY_URL: services[2].url,
      WEB_DIR: web,
    });
    gateway = await createGateway(config, { upstreamTimeoutMs: 30_000 });
    await gateway.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
    verifier = new TokenVerifier({
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      rolesClaim: config.AUTH_ROLES_CLAIM,
      localJwks: gateway.identityProvider!.jwks(),
    });
  });
  afterAll(async () => {
    await gateway.close();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const signIn = async (userId: string) => {
    const res = await fetch(`${base}/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ userId }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('concerto_session='))!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax/);
    const session = cookie.split(';')[0];
    const me = await fetch(`${base}/auth/me`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { csrfToken: string; userId: string };
    expect(body.userId).toBe(userId);
    return { cookie: session, csrfToken: body.csrfToken };
  };

  it('should forward the session as a bearer token, and never the cookie', async () => {
    const { cookie } = await signIn('coord-nord');
    const res = await fetch(`${base}/v1/cases`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers.cookie).toBeUndefined();
    const bearer = /^Bearer (.+)$/.exec(seen[0].headers.authorization ?? '')?.[1];
    expect(await verifier.verify(bearer!)).toMatchObject({
      userId: 'coord-nord',
      roles: ['coordinator'],
      bassins: ['nord'],
    });
  });

  it('should refuse an unsafe request carried by the cookie without its CSRF token, before any service sees it', async () => {
    const { cookie, csrfToken } = await signIn('pro-pharmacist');
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/v1/alerts`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    const refused = await post({});
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(seen).toEqual([]);
    expect((await post({ 'x-csrf-token': csrfToken })).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers.authorization).toMatch(/^Bearer /);
  });

  it('should pass a bearer request as it is, cookie or not', async () => {
    const { cookie } = await signIn('pro-pharmacist');
    const token = await gateway.identityProvider!.issue({ id: 'pro-gp', displayName: 'GP', roles: ['professional'] });
    const res = await fetch(`${base}/v1/alerts`, {
      method: 'POST',
      headers: { cookie, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(seen[0].headers.authorization).toBe(`Bearer ${token}`);
    expect((await fetch(`${base}/v1/cases`)).status).toBe(401);
  });

  it('should forget the session at logout', async () => {
    const { cookie, csrfToken } = await signIn('coord-nord');
    const out = await fetch(`${base}/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(204);
    expect((await fetch(`${base}/auth/me`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${base}/v1/cases`, { headers: { cookie } })).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('should serve the web app at / with index.html for client routes, and hashed assets as immutable', async () => {
    for (const path of ['/', '/cases/0b6c', '/worklist?filter=urgent']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>Concerto app</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    const asset = await fetch(`${base}/assets/app-3f2a1b.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/favicon.svg`)).headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });

  it('should never answer the API, the session, health, docs or the token pages with the web app', async () => {
    const notApp = [
      '/v1/nothing',
      '/auth/nothing',
      '/assets/gone-000000.js',
      '/a/tok',
      '/p/tok',
      '/me/tok',
      '/dev-idp/nothing',
      '/internal/x',
    ];
    for (const path of notApp) {
      const res = await fetch(`${base}${path}`);
      expect([401, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('Concerto app');
    }
    expect((await fetch(`${base}/health`)).headers.get('content-type')).toMatch(/json/);
    expect(await (await fetch(`${base}/docs`)).text()).not.toContain('Concerto app');
    // Traversal out of the build stays inside it.
    expect(await (await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).text()).not.toContain('root:');
  });
});
