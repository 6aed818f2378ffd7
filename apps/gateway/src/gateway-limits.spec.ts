import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS, loadConfig } from '#concerto/config';
import { startTestEngine, type TestEngine } from '#concerto/testing';
import { createGateway, type Gateway } from './gateway-app.js';

/** An iCalendar file of `bytes` bytes (one VFREEBUSY padded with an X- property). */
function calendarOf(bytes: number): string {
  const head =
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//limits//EN\r\nBEGIN:VFREEBUSY\r\nDTSTART:20270104T000000Z\r\nDTEND:20270105T000000Z\r\nFREEBUSY:20270104T090000Z/20270104T100000Z\r\nX-PAD:';
  const tail = '\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n';
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

/**
 * Issue 14, defect 7: the gateway forwarded 64 KiB while scheduling accepted 512 KiB. Both now read
 * the table of limits: the same file gets the same answer directly and through the gateway. The
 * embedded engine stands in for the services (it serves the same routes); the gateway shares its
 * data directory, so both verify the same development key pair.
 */
describe('gateway and engine share the table of limits', () => {
  let t: TestEngine;
  let engineUrl: string;
  let gateway: Gateway;
  let gatewayUrl: string;
  const seenForwardedFor: string[] = [];
  let echo: http.Server;
  let echoUrl: string;

  beforeAll(async () => {
    t = await startTestEngine();
    await t.engine.app.listen(0, '127.0.0.1');
    engineUrl = `http://127.0.0.1:${(t.engine.app.getHttpServer().address() as AddressInfo).port}`;
    // Records the X-Forwarded-For a service behind the gateway sees.
    echo = http.createServer((req, res) => {
      seenForwardedFor.push(String(req.headers['x-forwarded-for']));
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    gateway = await createGateway(
      loadConfig({
        DATA_DIR: t.dataDir,
        LOG_LEVEL: 'fatal',
        ALERTS_URL: engineUrl,
        CASES_URL: echoUrl,
        DIRECTORY_URL: engineUrl,
        SCHEDULING_URL: engineUrl,
        NOTIFICATIONS_URL: engineUrl,
      }),
      { upstreamTimeoutMs: 60_000 },
    );
    await gateway.app.listen(0, '127.0.0.1');
    gatewayUrl = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await gateway?.close();
    echo?.closeAllConnections();
    await new Promise<void>((r) => (echo ? echo.close(() => r()) : r()));
    await t?.close();
  });

  const importIcs = async (base: string, body: string) => {
    const res = await fetch(`${base}/v1/calendars/pro-gp/busy.ics`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await t.token('pro-gp')}`, 'content-type': 'text/calendar' },
      body,
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: (await res.json()) as { type?: string; title?: string; imported?: number },
    };
  };

  it('should give the same 413 problem+json for the same over-limit .ics, directly and through the gateway', async () => {
    const file = calendarOf(LIMITS.body.calendarBytes + 1);
    const direct = await importIcs(engineUrl, file);
    const proxied = await importIcs(gatewayUrl, file);
    expect(direct.status).toBe(413);
    expect(direct.contentType).toMatch(/^application\/problem\+json/);
    expect({ status: proxied.status, type: proxied.body.type, title: proxied.body.title }).toEqual({
      status: direct.status,
      type: direct.body.type,
      title: direct.body.title,
    });
  });

  it('should forward a calendar file the service accepts, however much larger than a JSON body', async () => {
    const file = calendarOf(LIMITS.body.calendarBytes - 1024);
    expect(file.length).toBeGreaterThan(4 * LIMITS.body.jsonBytes);
    const direct = await importIcs(engineUrl, file);
    const proxied = await importIcs(gatewayUrl, file);
    expect(direct.status).toBe(200);
    expect(proxied.status).toBe(200);
    expect(proxied.body.imported).toBe(direct.body.imported);
  });

  it("should send the services the client address it believes: a trusted proxy's header, else the connection's", async () => {
    const through = async (base: string) => {
      seenForwardedFor.length = 0;
      await fetch(`${base}/v1/cases`, {
        headers: { authorization: `Bearer ${await t.token('pro-gp')}`, 'x-forwarded-for': '198.51.100.9' },
      });
      return [...seenForwardedFor];
    };
    // Default TRUSTED_PROXIES=loopback: the test client stands for a load balancer on this host.
    expect(await through(gatewayUrl)).toEqual(['198.51.100.9']);
    // A gateway that trusts no proxy on this host ignores the header: a client cannot pick its rate-limit bucket.
    const strict = await createGateway(
      loadConfig({
        DATA_DIR: t.dataDir,
        LOG_LEVEL: 'fatal',
        TRUSTED_PROXIES: '203.0.113.1',
        ALERTS_URL: engineUrl,
        CASES_URL: echoUrl,
        DIRECTORY_URL: engineUrl,
      }),
    );
    try {
      await strict.app.listen(0, '127.0.0.1');
      const seen = await through(`http://127.0.0.1:${(strict.app.getHttpServer().address() as AddressInfo).port}`);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await strict.close();
    }
  });
});
