import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '#concerto/config';
import { createGateway, type Gateway } from './gateway-app.js';

/**
 * Issue 17 in the distributed mode: the follow-up routes (action items, the exit summary) belong to
 * scheduling (ADR 0024), while closing the case and the coordinator's tasks stay where they were.
 * Without these routes the gateway answered 404 for every action item although the embedded mode,
 * which has no gateway, worked.
 */
describe('gateway: the follow-up routes reach scheduling', () => {
  const seen: Array<{ upstream: string; method?: string; url?: string }> = [];
  let gateway: Gateway;
  let base: string;
  let dataDir: string;
  const servers: http.Server[] = [];

  const fakeService = async (name: string) => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/ready' || req.url === '/docs-json') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
          return;
        }
        seen.push({ upstream: name, method: req.method, url: req.url });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    const [alerts, cases, directory, scheduling, notifications] = await Promise.all(
      ['alerts', 'cases', 'directory', 'scheduling', 'notifications'].map(fakeService),
    );
    dataDir = mkdtempSync(join(tmpdir(), 'concerto-gateway-follow-up-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'fatal',
      ALERTS_URL: alerts,
      CASES_URL: cases,
      DIRECTORY_URL: directory,
      SCHEDULING_URL: scheduling,
      NOTIFICATIONS_URL: notifications,
    });
    gateway = await createGateway(config, { upstreamTimeoutMs: 30_000 });
    await gateway.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await gateway.close();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('routes action items and the exit summary to scheduling, the close and the tasks where they were', async () => {
    const token = await gateway.identityProvider!.issue({
      id: 'coord-a',
      displayName: 'coord-a',
      roles: ['coordinator'],
    });
    const routes: Array<[string, string, string]> = [
      ['GET', '/v1/cases/c1/action-items', 'scheduling'],
      ['POST', '/v1/cases/c1/action-items', 'scheduling'],
      ['GET', '/v1/cases/c1/exit-summary', 'scheduling'],
      ['GET', '/v1/action-items/mine', 'scheduling'],
      ['POST', '/v1/action-items/i1/done', 'scheduling'],
      ['POST', '/v1/action-items/i1/blocked', 'scheduling'],
      ['POST', '/v1/action-items/i1/hand-over', 'scheduling'],
      ['POST', '/v1/action-items/i1/confirm-received', 'scheduling'],
      ['GET', '/v1/concertations/k1/record', 'scheduling'],
      ['POST', '/v1/cases/c1/close', 'cases'],
      ['GET', '/v1/cases/c1/tasks', 'notifications'],
    ];
    for (const [method, path] of routes) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    expect(seen.map((s) => [s.method, s.url, s.upstream])).toEqual(routes);
    // A look-alike prefix is still unknown.
    expect((await fetch(`${base}/v1/action-itemsx`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      404,
    );
  });
});
