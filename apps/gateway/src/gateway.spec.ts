import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '#concerto/config';
import { createGateway, type Gateway } from './gateway-app.js';

interface Seen {
  upstream: string;
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in service: records what reaches it and answers what the test asks for. */
async function fakeService(name: string, seen: Seen[], behaviour: { ready: () => number; slow: () => boolean }) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/ready') {
        res.writeHead(behaviour.ready(), { 'content-type': 'application/json' }).end('{}');
        return;
      }
      if (req.url === '/docs-json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            openapi: '3.0.0',
            paths: {
              [`/v1/${name === 'directory' ? 'bassins' : name}`]: { get: { summary: name } },
              '/internal/v1/secret': { get: {} },
              '/health': { get: {} },
            },
            components: { schemas: { [`${name}Dto`]: { type: 'object' } } },
          }),
        );
        return;
      }
      seen.push({ upstream: name, method: req.method, url: req.url, headers: req.headers, body });
      if (behaviour.slow()) {
        return; // never answers
      }
      res.writeHead(201, {
        'content-type': 'application/json',
        location: '/v1/cases/abc',
        'idempotent-replayed': 'true',
        connection: 'keep-alive',
      });
      res.end(JSON.stringify({ upstream: name, url: req.url }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('gateway (against stand-in services)', () => {
  const seen: Seen[] = [];
  let readyStatus = 200;
  let slow = false;
  let impatient: () => ReturnType<typeof createGateway>;
  let gateway: Gateway;
  let base: string;
  let dataDir: string;
  let servers: http.Server[];
  let token: (user: string) => Promise<string>;

  beforeAll(async () => {
    const behaviour = { ready: () => readyStatus, slow: () => slow };
    const [alerts, cases, directory, notifications] = await Promise.all(
      ['alerts', 'cases', 'directory', 'notifications'].map((n) => fakeService(n, seen, behaviour)),
    );
    servers = [alerts.server, cases.server, directory.server, notifications.server];
    dataDir = mkdtempSync(join(tmpdir(), 'concerto-gateway-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'fatal',
      ALERTS_URL: alerts.url,
      CASES_URL: cases.url,
      DIRECTORY_URL: directory.url,
      NOTIFICATIONS_URL: notifications.url,
      ALERT_RATE_LIMIT_PER_MINUTE: '3',
    });
    // A service that answers is never cut off, however loaded the machine: only the 504 test uses a
    // gateway with a short upstream timeout, against a service that never answers.
    gateway = await createGateway(config, { upstreamTimeoutMs: 30_000 });
    impatient = () => createGateway(config, { upstreamTimeoutMs: 300 });
    await gateway.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
    token = (user) => gateway.identityProvider!.issue({ id: user, displayName: user, roles: ['professional'] });
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
    readyStatus = 200;
    slow = false;
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

  it('answers 401 problem+json without a valid bearer token and forwards nothing', async () => {
    // RFC 6750 §3: no error code without credentials; invalid_token for a bad token; invalid_request for another scheme.
    const challenges: Array<[Record<string, string>, RegExp]> = [
      [{}, /^Bearer realm="concerto"$/],
      [
        { authorization: 'Bearer not-a-jwt' },
        /^Bearer realm="concerto", error="invalid_token", error_description="[^"]*"$/,
      ],
      [{ authorization: 'Basic abc' }, /^Bearer realm="concerto", error="invalid_request", error_description="[^"]*"$/],
    ];
    for (const [headers, challenge] of challenges) {
      const res = await get('/v1/cases/x', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).toMatch(challenge);
    }
    expect(seen).toEqual([]);
  });

  it('sends helmet headers on every answer (strict CSP, relaxed for /docs only) and accepts a lower-case bearer scheme', async () => {
    const t = await token('pro-a');
    for (const res of [
      await get('/health'),
      await get('/v1/cases/x'),
      await get('/v1/bassins', { authorization: `bearer ${t}` }),
    ]) {
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    }
    expect(seen.map((s) => s.upstream)).toEqual(['directory']);
    const docs = await get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  it('routes each public prefix to its service and streams the body and the allowed headers only', async () => {
    const t = await token('pro-a');
    const body = JSON.stringify({ type: 'not-seen', note: 'é'.repeat(100) });
    const res = await fetch(`${base}/v1/alerts?x=1`, {
      method: 'POST',
      body,
      headers: {
        authorization: `Bearer ${t}`,
        'content-type': 'application/json',
        'idempotency-key': 'key-12345678',
        'x-correlation-id': 'corr-abc',
        'x-internal-token': 'sneaky-sneaky-sneaky',
        cookie: 'session=1',
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/v1/cases/abc');
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    expect(res.headers.get('x-correlation-id')).toBe('corr-abc');
    expect(await res.json()).toEqual({ upstream: 'alerts', url: '/v1/alerts?x=1' });
    expect(seen[0]).toMatchObject({ upstream: 'alerts', method: 'POST', body });
    expect(seen[0].headers).toMatchObject({
      authorization: `Bearer ${t}`,
      'idempotency-key': 'key-12345678',
      'x-correlation-id': 'corr-abc',
      'x-forwarded-for': '127.0.0.1',
    });
    expect(seen[0].headers['x-internal-token']).toBeUndefined();
    expect(seen[0].headers.cookie).toBeUndefined();

    await get('/v1/cases/123/timeline', { authorization: `Bearer ${t}` });
    await get('/v1/bassins', { authorization: `Bearer ${t}` });
    await get('/v1/duty/me', { authorization: `Bearer ${t}` });
    // A page's acknowledge link is its own credential: it reaches notifications without a bearer token.
    await get('/v1/pages/acknowledge/signed-token');
    expect(seen.slice(1).map((s) => [s.upstream, s.url])).toEqual([
      ['cases', '/v1/cases/123/timeline'],
      ['directory', '/v1/bassins'],
      ['directory', '/v1/duty/me'],
      ['notifications', '/v1/pages/acknowledge/signed-token'],
    ]);
  });

  it('never forwards internal, unknown or non-canonical paths', async () => {
    const auth = { authorization: `Bearer ${await token('pro-a')}` };
    expect((await get('/internal/v1/persons/x', auth)).status).toBe(404);
    expect((await get('/INTERNAL/v1/persons/x', auth)).status).toBe(404);
    expect((await get('/v1/alertsx', auth)).status).toBe(404);
    expect((await get('/v1/unknown', auth)).status).toBe(404);
    for (const path of [
      '/v1/alerts/%2e%2e/%2e%2e/internal/v1/persons/x',
      '/v1/alerts/..%2finternal',
      '/v1/cases//x',
      '/v1/cases/%5c..',
    ]) {
      expect({ path, status: await rawStatus(base, path, auth) }).toEqual({ path, status: 400 });
    }
    expect(seen).toEqual([]);
  });

  it('rate-limits POST /v1/alerts per user with 429, Retry-After and problem+json', async () => {
    const post = (t: string) =>
      fetch(`${base}/v1/alerts`, {
        method: 'POST',
        body: '{}',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
      });
    const t = await token('limited-user');
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await post(t)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await post(t);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await get('/v1/cases/x', { authorization: `Bearer ${t}` })).status).toBe(201); // reads are not limited
    expect((await post(await token('other-user'))).status).toBe(201);
  });

  it('answers 413 for a body over the limit, declared or streamed', async () => {
    const auth = { authorization: `Bearer ${await token('pro-big')}`, 'content-type': 'application/json' };
    const big = 'a'.repeat(70 * 1024);
    expect((await fetch(`${base}/v1/cases/x`, { method: 'POST', body: big, headers: auth })).status).toBe(413);
    const streamed = await fetch(`${base}/v1/cases/x`, {
      method: 'POST',
      headers: auth,
      duplex: 'half',
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      }),
    });
    expect(streamed.status).toBe(413);
  });

  it('answers 504 when a service is too slow and 503 when it is down', async () => {
    const auth = { authorization: `Bearer ${await token('pro-b')}` };
    slow = true;
    const short = await impatient();
    await short.app.listen(0, '127.0.0.1');
    const timeout = await fetch(
      `http://127.0.0.1:${(short.app.getHttpServer().address() as AddressInfo).port}/v1/cases/x`,
      { headers: auth },
    );
    await short.close();
    expect(timeout.status).toBe(504);
    expect(timeout.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const down = await createGateway(
      loadConfig({
        DATA_DIR: dataDir,
        LOG_LEVEL: 'fatal',
        ALERTS_URL: 'http://127.0.0.1:1',
        CASES_URL: 'http://127.0.0.1:1',
        DIRECTORY_URL: 'http://127.0.0.1:1',
      }),
    );
    await down.app.listen(0, '127.0.0.1');
    const port = (down.app.getHttpServer().address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/v1/bassins`, { headers: auth });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { alerts: false, cases: false, directory: false } });
    await down.close();
  });

  it('is ready only when every service is, and serves /health, the dev JWKS and the merged public docs', async () => {
    expect(await (await get('/ready')).json()).toEqual({
      status: 'ready',
      checks: { alerts: true, cases: true, directory: true, notifications: true },
    });
    readyStatus = 503;
    expect((await get('/ready')).status).toBe(503);
    expect(await (await get('/health')).json()).toEqual({ status: 'ok' });
    const jwks = (await (await get('/dev-idp/jwks')).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(jwks.keys[0].d).toBeUndefined();
    const docs = (await (await get('/docs-json')).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(docs.paths).sort()).toEqual(['/v1/alerts', '/v1/bassins', '/v1/cases']);
    // The services' schemas, and the problem+json schema the gateway's own errors (401, 429, 504) refer to.
    expect(Object.keys(docs.components.schemas).sort()).toEqual([
      'ProblemDetails',
      'alertsDto',
      'casesDto',
      'directoryDto',
      'notificationsDto',
    ]);
    expect(seen).toEqual([]);
  });
});

/** Sends the path exactly as written (fetch would resolve dot segments, even encoded ones). */
function rawStatus(base: string, path: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: url.hostname, port: url.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
