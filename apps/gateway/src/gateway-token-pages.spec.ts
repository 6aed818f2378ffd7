import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '#concerto/config';
import { createGateway, type Gateway } from './gateway-app.js';

/**
 * The token pages (/a, /p, /me: ADR 0025) and the follow-up routes (issue 17) live in the scheduling
 * service; the links in e-mails and the web app point at the gateway. Found by the browser specs run
 * against the stack: the gateway proxied /v1 only, and knew no action-items route, so every answer link,
 * "My actions" and a case's action items answered 404 there.
 */
describe('gateway: the token pages and the follow-up routes reach the scheduling service', () => {
  const seen: Array<{ method?: string; url?: string; body: string; headers: http.IncomingHttpHeaders }> = [];
  let scheduling: http.Server;
  let gateway: Gateway;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    scheduling = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, body, headers: req.headers });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>page</title>');
      });
    });
    await new Promise<void>((r) => scheduling.listen(0, '127.0.0.1', r));
    dataDir = mkdtempSync(join(tmpdir(), 'concerto-gateway-pages-'));
    const url = `http://127.0.0.1:${(scheduling.address() as AddressInfo).port}`;
    // The other services are required by the gateway but never reached here (seen would list them).
    gateway = await createGateway(
      loadConfig({
        DATA_DIR: dataDir,
        LOG_LEVEL: 'fatal',
        ALERTS_URL: url,
        CASES_URL: url,
        DIRECTORY_URL: url,
        SCHEDULING_URL: url,
      }),
    );
    await gateway.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await gateway?.close();
    scheduling?.closeAllConnections();
    await new Promise<void>((r) => scheduling.close(() => r()));
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('forwards the pages, their style sheets and their forms without a bearer token', async () => {
    for (const path of ['/a/tok?lang=nl', '/p/tok', '/me/tok', '/me/tok/withdraw', '/a/pages.css', '/me/pages.css']) {
      const res = await fetch(`${base}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(await res.text()).toContain('<title>page</title>');
    }
    const posted = await fetch(`${base}/a/tok`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: 'choice=accept',
    });
    expect(posted.status).toBe(200);
    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ['GET', '/a/tok?lang=nl'],
      ['GET', '/p/tok'],
      ['GET', '/me/tok'],
      ['GET', '/me/tok/withdraw'],
      ['GET', '/a/pages.css'],
      ['GET', '/me/pages.css'],
      ['POST', '/a/tok'],
    ]);
    expect(seen[6]).toMatchObject({ body: 'choice=accept', headers: { origin: base } });
  });

  it('forwards the action items and the exit summary to scheduling, with the bearer token', async () => {
    const token = await gateway.identityProvider!.issue({ id: 'coord-a', displayName: 'A', roles: ['coordinator'] });
    const paths = [
      '/v1/action-items/mine',
      '/v1/action-items/item-1/done',
      '/v1/cases/case-1/action-items',
      '/v1/cases/case-1/exit-summary',
    ];
    for (const path of paths) {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    expect(seen.map((s) => s.url)).toEqual(paths);
    expect(seen[0].headers.authorization).toBe(`Bearer ${token}`);
  });

  it('forwards nothing deeper or non-canonical under those prefixes', async () => {
    // (fetch itself resolves a plain %2e%2e segment, so the traversal tries hide it behind %2f.)
    for (const path of ['/a/tok/x', '/p/', '/me/tok/other', '/a/..%2finternal', '/me/..%2f..%2fv1%2fcases']) {
      const res = await fetch(`${base}${path}`);
      expect({ path, refused: [400, 404].includes(res.status) }).toEqual({ path, refused: true });
    }
    expect(seen).toEqual([]);
  });
});
