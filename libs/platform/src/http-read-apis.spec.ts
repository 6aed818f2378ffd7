import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { HttpDirectoryReadApi, HttpInvitationCardsApi } from './http-read-apis.js';
import { InternalHttpClient } from './internal-http.client.js';

Logger.overrideLogger(false);

describe('HTTP read adapters of the distributed mode', () => {
  let server: http.Server;
  let base: string;
  const calls: Array<{ url?: string; token?: string }> = [];
  const routes: Record<string, [number, unknown]> = {
    '/internal/v1/invitations/11111111-1111-4111-8111-111111111111/delivery-card': [
      200,
      { invitationId: '11111111-1111-4111-8111-111111111111', sequence: 2 },
    ],
    '/internal/v1/directory/professionals/coord-sud/colleagues': [
      200,
      [
        {
          id: 'backup-sud',
          displayName: 'B',
          role: 'bassin-coordinator',
          organisationId: 'bassin-sud',
          languages: ['fr'],
        },
      ],
    ],
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      calls.push({ url: req.url, token: req.headers['x-internal-token'] as string });
      const [status, body] = routes[req.url ?? ''] ?? [404, { status: 404 }];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const client = (service: string) =>
    new InternalHttpClient({ service, baseUrl: base, token: 'internal-token-0123456789', timeoutMs: 30_000 });

  it('should read a delivery card from scheduling with the internal token, and treat an unknown invitation as absent', async () => {
    const cards = new HttpInvitationCardsApi(client('scheduling'));
    expect(await cards.deliveryCard('11111111-1111-4111-8111-111111111111')).toMatchObject({ sequence: 2 });
    expect(await cards.deliveryCard('22222222-2222-4222-8222-222222222222')).toBeUndefined();
    expect(calls[0]).toEqual({
      url: '/internal/v1/invitations/11111111-1111-4111-8111-111111111111/delivery-card',
      token: 'internal-token-0123456789',
    });
  });

  it('should list a professional’s colleagues from the directory', async () => {
    const directory = new HttpDirectoryReadApi(client('directory'));
    expect((await directory.findColleagues('coord-sud')).map((p) => p.id)).toEqual(['backup-sud']);
    await expect(directory.findColleagues('nobody')).rejects.toThrow(/HTTP 404/);
  });
});
