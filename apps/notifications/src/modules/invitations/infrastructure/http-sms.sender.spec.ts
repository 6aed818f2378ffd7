import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError } from '../domain/ports.js';
import { TwilioSmsSender } from './http-sms.sender.js';

const SID = 'AC' + '0123456789abcdef'.repeat(2);

/** A local HTTP server speaking the Twilio Messages API, so the adapter talks real HTTP. */
async function fakeTwilio(reply: (req: IncomingMessage, form: URLSearchParams) => { status: number; body: unknown }) {
  const requests: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; form: URLSearchParams }> =
    [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      requests.push({ method: req.method, url: req.url, headers: req.headers, form });
      const { status, body } = reply(req, form);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Twilio text-message adapter', () => {
  it('should post the message form with basic authentication and return the message sid', async () => {
    const api = await fakeTwilio(() => ({ status: 201, body: { sid: 'SM' + 'a'.repeat(32), status: 'queued' } }));
    try {
      const sender = new TwilioSmsSender({
        accountSid: SID,
        authToken: 'token-123',
        from: 'Concerto',
        statusCallbackUrl: 'https://concerto.test/sms/status',
        baseUrl: api.baseUrl,
      });
      const result = await sender.send({
        idempotencyKey: 'k',
        to: '+32470123456',
        text: 'Réunion le mardi 27 octobre 2026 à 10:00.',
      });
      expect(result).toEqual({ providerMessageId: 'SM' + 'a'.repeat(32), duplicate: false });
      const [req] = api.requests;
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
      expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:token-123`).toString('base64')}`);
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(req.form)).toEqual({
        To: '+32470123456',
        From: 'Concerto',
        Body: 'Réunion le mardi 27 octobre 2026 à 10:00.',
        StatusCallback: 'https://concerto.test/sms/status',
      });
    } finally {
      await api.close();
    }
  });

  it('should use a messaging service and API key when configured', async () => {
    const api = await fakeTwilio(() => ({ status: 201, body: { sid: 'SM1' } }));
    try {
      const sender = new TwilioSmsSender({
        accountSid: SID,
        apiKeySid: 'SKkey',
        apiKeySecret: 'secret',
        messagingServiceSid: 'MG1',
        baseUrl: api.baseUrl,
      });
      await sender.send({ idempotencyKey: 'k', to: '+32470123456', text: 'x' });
      expect(api.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('SKkey:secret').toString('base64')}`);
      expect(api.requests[0].form.get('MessagingServiceSid')).toBe('MG1');
      expect(api.requests[0].form.has('From')).toBe(false);
    } finally {
      await api.close();
    }
  });

  it('should classify refusals without repeating the number or the text', async () => {
    const api = await fakeTwilio((_req, form) =>
      form.get('To') === '+32470000000'
        ? {
            status: 400,
            body: {
              code: 21211,
              message: `The 'To' number ${form.get('To')} is not a valid phone number.`,
              status: 400,
            },
          }
        : { status: 503, body: { code: 20503, message: 'Service unavailable', status: 503 } },
    );
    try {
      const sender = new TwilioSmsSender({
        accountSid: SID,
        authToken: 't',
        from: '+3225550000',
        baseUrl: api.baseUrl,
      });
      const invalid = (await sender
        .send({ idempotencyKey: 'k', to: '+32470000000', text: 'secret text' })
        .catch((e: unknown) => e)) as DeliveryError;
      expect(invalid).toBeInstanceOf(DeliveryError);
      expect(invalid).toMatchObject({ permanent: true, code: 21211, channel: 'sms' });
      expect(invalid.message).not.toContain('470000000');
      expect(invalid.message).not.toContain('secret text');
      const busy = (await sender
        .send({ idempotencyKey: 'k', to: '+32470111111', text: 'x' })
        .catch((e: unknown) => e)) as DeliveryError;
      expect(busy).toMatchObject({ permanent: false, code: 20503 });
    } finally {
      await api.close();
    }
  });

  it('should treat an unreachable provider as temporary and a malformed number as permanent', async () => {
    const sender = new TwilioSmsSender({
      accountSid: SID,
      authToken: 't',
      from: 'Concerto',
      baseUrl: 'http://127.0.0.1:1',
      timeoutMs: 2000,
    });
    await expect(sender.send({ idempotencyKey: 'k', to: '+32470123456', text: 'x' })).rejects.toMatchObject({
      permanent: false,
    });
    await expect(sender.send({ idempotencyKey: 'k', to: '0470 12 34 56', text: 'x' })).rejects.toMatchObject({
      permanent: true,
      code: 'INVALID_NUMBER',
    });
  });

  it('should refuse an incomplete configuration', () => {
    expect(() => new TwilioSmsSender({ accountSid: 'nope', authToken: 't', from: 'x' })).toThrow();
    expect(() => new TwilioSmsSender({ accountSid: SID, from: 'x' })).toThrow(/credentials/);
    expect(() => new TwilioSmsSender({ accountSid: SID, authToken: 't' })).toThrow(/sender/);
  });
});
