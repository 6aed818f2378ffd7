import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventValidator } from '#concerto/contracts';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';
import { twilioSignature } from '../../notifications/src/modules/invitations/application/twilio-signature.js';

const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
const AUTH_TOKEN = 'test-twilio-auth-token-0123456789';
const CALLBACK_URL = 'http://localhost:3000/v1/delivery-reports/twilio';

interface ReceivedSms {
  form: URLSearchParams;
  sid: string;
}

/**
 * A stand-in for Twilio's Messages endpoint on a real socket: it answers each send with a new
 * message sid, after `beforeAnswer` (so a test can make the delivery report overtake the answer).
 */
async function startFakeTwilio(): Promise<{
  url: string;
  received: ReceivedSms[];
  beforeAnswer?: (sms: ReceivedSms) => Promise<void>;
  close(): Promise<void>;
}> {
  const state: {
    url: string;
    received: ReceivedSms[];
    beforeAnswer?: (sms: ReceivedSms) => Promise<void>;
    close(): Promise<void>;
  } = {
    url: '',
    received: [],
    close: () => new Promise((r) => server.close(() => r())),
  };
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        if (
          req.method !== 'POST' ||
          req.url !== `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json` ||
          !req.headers.authorization?.startsWith('Basic ')
        ) {
          res.writeHead(404).end();
          return;
        }
        const sms = { form: new URLSearchParams(body), sid: `SM${(++n).toString(16).padStart(32, '0')}` };
        state.received.push(sms);
        await state.beforeAnswer?.(sms);
        res
          .writeHead(201, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ sid: sms.sid, status: 'queued' }));
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

describe('SMS delivery reports: signed provider callbacks become invitation.delivered or invitation.failed (embedded, Twilio stand-in)', () => {
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let t: TestEngine;
  let coord: string;
  let caseId: string;
  const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
  const events = (type: string) =>
    t.sql<{ envelope: { type: string; data: Record<string, any> } }>(
      `SELECT "envelope" FROM "notifications"."outbox" WHERE "envelope"->>'type' = $1 ORDER BY "seq"`,
      [type],
    );
  const report = (params: Record<string, string>, signature = twilioSignature(AUTH_TOKEN, CALLBACK_URL, params)) =>
    t.http().post('/v1/delivery-reports/twilio').set('X-Twilio-Signature', signature).type('form').send(params);

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    t = await startTestEngine({
      clock,
      config: {
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: 'Concerto',
        TWILIO_API_BASE_URL: twilio.url,
        NOTIFICATIONS_RETRY_BACKOFF_MS: '50',
      },
    });
    coord = await t.token('coord-nord');
  });
  afterAll(async () => {
    await t?.close();
    await twilio?.close();
  });

  it('should record a delivery reported before the provider answered the send, once, and scheduling follows it', async () => {
    // The first text message's report overtakes Twilio's answer to the send.
    const early: Array<{ status: number }> = [];
    twilio.beforeAnswer = async (sms) => {
      if (early.length === 0) {
        early.push(await report({ MessageSid: sms.sid, MessageStatus: 'delivered', AccountSid: ACCOUNT_SID }));
      }
    };
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${await t.token('pro-pharmacist')}`)
      .send(
        alertBody(
          {},
          { givenName: 'Marcel', familyName: 'Dupont', address: { postalCode: '1090' }, preferredLanguage: 'fr' },
        ),
      );
    caseId = res.body.caseId;
    await expectEventually(async () =>
      expect(
        (await t.http().get(`/v1/cases/${caseId}/participants`).set('Authorization', `Bearer ${coord}`)).body
          .participants,
      ).toHaveLength(1),
    );
    const add = await t
      .http()
      .post(`/v1/cases/${caseId}/participants`)
      .set('Authorization', `Bearer ${coord}`)
      .send({ kind: 'relative', displayName: 'Luc Dupont', language: 'fr', phone: '+32 470 00 00 05' });
    expect(add.body.participant.channels[0]).toBe('sms');
    const relative = add.body.participant.id as string;
    await t
      .http()
      .post(`/v1/cases/${caseId}/consent`)
      .set('Authorization', `Bearer ${coord}`)
      .send({
        decision: 'granted',
        givenBy: 'person',
        scopes: [{ participantId: relative, dataCategories: ['meeting-details'] }],
      })
      .expect(200);
    const scheduled = await t
      .http()
      .post(`/v1/cases/${caseId}/concertations`)
      .set('Authorization', `Bearer ${coord}`)
      .send({
        start: '2026-11-25T13:00:00Z',
        end: '2026-11-25T14:00:00Z',
        location: { kind: 'video', label: 'https://meet.example.test/marcel' },
      });
    expect(scheduled.status).toBe(201);
    const concertationId = scheduled.body.concertation.id as string;
    const invitationId = (scheduled.body.concertation.invitations as Array<{ id: string; participantId: string }>).find(
      (i) => i.participantId === relative,
    )!.id;

    await expectEventually(async () => expect(twilio.received).toHaveLength(1));
    expect(twilio.received[0].form.get('StatusCallback')).toBe(CALLBACK_URL);
    expect(twilio.received[0].form.get('To')).toBe('+32470000005');
    await expectEventually(() => expect(early).toEqual([expect.objectContaining({ status: 204 })]));
    await expectEventually(async () => {
      const delivered = await events('invitation.delivered');
      expect(delivered.map((e) => e.envelope.data)).toEqual([
        expect.objectContaining({ invitationId, concertationId, channel: 'sms', purpose: 'invitation' }),
      ]);
      expect(new EventValidator().validate(delivered[0].envelope).ok).toBe(true);
    });
    // The provider repeats its report: nothing twice. The 204 answers once the report is stored and
    // applied, in the transaction that writes the outbox, so the outbox can be read at once.
    expect((await report({ MessageSid: twilio.received[0].sid, MessageStatus: 'delivered' })).status).toBe(204);
    expect(await events('invitation.delivered')).toHaveLength(1);
    await expectEventually(async () => {
      const meeting = (
        await t.http().get(`/v1/concertations/${concertationId}`).set('Authorization', `Bearer ${coord}`)
      ).body;
      expect(meeting.invitations.find((i: { id: string }) => i.id === invitationId).status).toBe('delivered');
    });
  });

  it('should turn an undelivered report into invitation.failed with the code only, and go on to the next channel', async () => {
    twilio.beforeAnswer = undefined;
    const before = twilio.received.length;
    const add = await t
      .http()
      .post(`/v1/cases/${caseId}/participants`)
      .set('Authorization', `Bearer ${coord}`)
      .send({ kind: 'neighbour', displayName: 'Rita Claes', language: 'nl', phone: '+32 470 00 00 06' });
    const neighbour = add.body.participant.id as string;
    const participants = (
      await t.http().get(`/v1/cases/${caseId}/participants`).set('Authorization', `Bearer ${coord}`)
    ).body.participants as Array<{ id: string }>;
    await t
      .http()
      .post(`/v1/cases/${caseId}/consent`)
      .set('Authorization', `Bearer ${coord}`)
      .send({
        decision: 'granted',
        givenBy: 'person',
        scopes: participants.map((p) => ({ participantId: p.id, dataCategories: ['meeting-details'] })),
      })
      .expect(200);
    const scheduled = await t
      .http()
      .post(`/v1/cases/${caseId}/concertations`)
      .set('Authorization', `Bearer ${coord}`)
      .send({
        start: '2026-11-26T13:00:00Z',
        end: '2026-11-26T14:00:00Z',
        location: { kind: 'video', label: 'https://meet.example.test/marcel2' },
      });
    expect(scheduled.status).toBe(201);
    const invitationId = (scheduled.body.concertation.invitations as Array<{ id: string; participantId: string }>).find(
      (i) => i.participantId === neighbour,
    )!.id;
    const sms = await expectEventually(() => {
      const found = twilio.received.slice(before).find((s) => s.form.get('To') === '+32470000006');
      expect(found).toBeDefined();
      return found!;
    });
    await expectEventually(async () =>
      expect((await events('invitation.sent')).some((e) => e.envelope.data.invitationId === invitationId)).toBe(true),
    );

    expect(
      (await report({ MessageSid: sms.sid, MessageStatus: 'undelivered', ErrorCode: '30003', To: '+32470000006' }))
        .status,
    ).toBe(204);
    await expectEventually(async () => {
      const failed = (await events('invitation.failed')).filter((e) => e.envelope.data.invitationId === invitationId);
      expect(failed.map((e) => e.envelope.data)).toEqual([
        expect.objectContaining({ channel: 'sms', reason: 'sms-undelivered-30003', purpose: 'invitation' }),
      ]);
    });
    // The next channel: a phone call by the coordinator.
    await expectEventually(async () => {
      const tasks = (await t.http().get(`/v1/cases/${caseId}/tasks`).set('Authorization', `Bearer ${coord}`)).body
        .tasks as Array<Record<string, unknown>>;
      expect(tasks.find((x) => x.kind === 'phone-call' && x.invitationId === invitationId)).toBeDefined();
    });
    const stored =
      JSON.stringify(await t.sql(`SELECT * FROM "notifications"."provider_reports"`)) +
      JSON.stringify(await events('invitation.failed'));
    expect(stored).not.toContain('+32');
  });

  it('should refuse reports that are not signed with the account token, and malformed ones', async () => {
    const params = { MessageSid: twilio.received[0].sid, MessageStatus: 'undelivered' };
    expect((await report(params, 'bm90IHRoZSBzaWduYXR1cmU=')).status).toBe(403);
    expect((await t.http().post('/v1/delivery-reports/twilio').type('form').send(params)).status).toBe(403);
    expect((await report(params, twilioSignature('another-token-0123456789', CALLBACK_URL, params))).status).toBe(403);
    const bad = await report({ MessageSid: 'not-a-sid', MessageStatus: 'delivered' });
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    // Nothing of it changed the first message.
    expect(await events('invitation.delivered')).toHaveLength(1);
  });
});
