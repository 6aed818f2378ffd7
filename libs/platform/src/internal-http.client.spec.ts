import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { AppException } from '#concerto/ddd';
import { runWithCorrelation } from '#concerto/observability';
import { isInfrastructureOutage } from './infrastructure-outage.js';
import { DependencyUnavailable, InternalHttpClient } from './internal-http.client.js';

Logger.overrideLogger(false);

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

describe('InternalHttpClient', () => {
  let server: http.Server;
  let base: string;
  let handler: Handler;
  let calls: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }>;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push({ method: req.method, url: req.url, headers: req.headers, body });
        handler(req, body, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    calls = [];
  });

  const json = (res: http.ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const client = (extra: Partial<ConstructorParameters<typeof InternalHttpClient>[0]> = {}) =>
    // An answered call never runs into the timeout, however loaded the machine; only the calls to a
    // server that never answers (`unanswered`) use a short one, which they must run into.
    new InternalHttpClient({
      service: 'directory',
      baseUrl: `${base}/`,
      token: 'internal-token-0123456789',
      timeoutMs: 30_000,
      ...extra,
    });
  const unanswered = () => client({ timeoutMs: 300 });

  it('sends the internal token, the current correlation id and JSON, and returns status and body', async () => {
    handler = (_req, _body, res) => json(res, 201, { ok: true });
    const res = await runWithCorrelation({ correlationId: 'corr-1' }, () =>
      client().post('/internal/v1/directory/routing', { postalCode: '1090' }),
    );
    expect(res).toEqual({ status: 201, body: { ok: true } });
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: '/internal/v1/directory/routing',
      body: '{"postalCode":"1090"}',
      headers: {
        'x-internal-token': 'internal-token-0123456789',
        'x-correlation-id': 'corr-1',
        'content-type': 'application/json',
      },
    });
  });

  it('passes 404 through to the caller (an unknown id is not an outage)', async () => {
    handler = (_req, _body, res) => json(res, 404, { status: 404 });
    expect((await client().get('/x')).status).toBe(404);
    expect(calls).toHaveLength(1);
  });

  it('retries once after a 503 and succeeds', async () => {
    let n = 0;
    handler = (_req, _body, res) => (n++ === 0 ? json(res, 503) : json(res, 200, { n }));
    expect(await client().get('/x')).toEqual({ status: 200, body: { n: 2 } });
    expect(calls).toHaveLength(2);
  });

  it('turns timeouts, refused connections and a refused token into AppException(unavailable), never the reason', async () => {
    handler = () => undefined; // never answers
    await expect(unanswered().get('/slow')).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'DIRECTORY_UNAVAILABLE',
    });
    expect(calls).toHaveLength(2); // one retry, each attempt abandoned after 300 ms
    await expect(
      new InternalHttpClient({ service: 'alerts', baseUrl: 'http://127.0.0.1:1', token: 't'.repeat(16) }).get('/x'),
    ).rejects.toBeInstanceOf(AppException);
    handler = (_req, _body, res) => json(res, 401);
    const error = await client()
      .get('/x')
      .catch((e: unknown) => e as AppException);
    expect(error).toMatchObject({ kind: 'unavailable', details: undefined });
  });

  it('opens the circuit after repeated failures and fails fast until the cool-down ends', async () => {
    handler = (_req, _body, res) => json(res, 503);
    const c = client({ retries: 0, breakerThreshold: 3, breakerCooldownMs: 300 });
    for (let i = 0; i < 3; i++) {
      await expect(c.get('/x')).rejects.toMatchObject({ kind: 'unavailable' });
    }
    expect(calls).toHaveLength(3);
    await expect(c.get('/x')).rejects.toMatchObject({ kind: 'unavailable' });
    expect(calls).toHaveLength(3); // not sent
    // The cool-down is read from Date.now(): move it past the end instead of waiting for it.
    const realNow = Date.now;
    Date.now = () => realNow() + 300;
    try {
      handler = (_req, _body, res) => json(res, 200, {});
      expect((await c.get('/x')).status).toBe(200);
    } finally {
      Date.now = realNow;
    }
  });

  it('tells a service it cannot reach (an outage to wait out) from one that answered with an error (a failed attempt)', async () => {
    const outage = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ kind: 'unavailable' });
      return [error instanceof DependencyUnavailable, isInfrastructureOutage(error)];
    };
    handler = () => undefined; // never answers
    expect(await outage(unanswered().get('/slow'))).toEqual([true, true]);
    expect(
      await outage(
        new InternalHttpClient({ service: 'alerts', baseUrl: 'http://127.0.0.1:1', token: 't'.repeat(16) }).get('/x'),
      ),
    ).toEqual([true, true]);
    handler = (_req, _body, res) => json(res, 504);
    const c = client({ retries: 0, breakerThreshold: 1, breakerCooldownMs: 60000 });
    expect(await outage(c.get('/x'))).toEqual([true, true]);
    expect(await outage(c.get('/x'))).toEqual([true, true]); // open circuit, not sent
    expect(calls).toHaveLength(2 + 1);
    handler = (_req, _body, res) => json(res, 500);
    expect(await outage(client().get('/x'))).toEqual([false, false]);
    handler = (_req, _body, res) => json(res, 401);
    expect(await outage(client().get('/x'))).toEqual([false, false]);
    // The database's own outages stay what they were.
    expect(isInfrastructureOutage(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isInfrastructureOutage(new AppException('CASE_NOT_FOUND', 'unavailable', 'case x does not exist yet'))).toBe(
      false,
    );
  });
});
