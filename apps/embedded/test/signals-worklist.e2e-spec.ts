import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

const MINUTE = 60_000;
// Short, distinct windows so the test can tell which one applied.
const config = { ACK_TIMEOUT_URGENT_MINUTES: '30', ACK_TIMEOUT_NORMAL_MINUTES: '240' };

type Json = Record<string, any>;

describe('every signal is owned, and the worklist shows what waits (embedded, injectable clock)', () => {
  let t: TestEngine;
  let clock: ManualClock;
  let pharmacist: string;
  let nurse: string;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2027-03-01T09:00:00Z'));
    t = await startTestEngine({ clock, config });
    [pharmacist, nurse] = await Promise.all([t.token('pro-pharmacist'), t.token('pro-home-nurse')]);
  });
  afterAll(() => t?.close());

  const token = (user: string) => t.token(user);
  const raise = async (reporter: string, body: Json) => {
    const res = await t.http().post('/v1/alerts').set('Authorization', `Bearer ${reporter}`).send(body);
    expect(res.status).toBe(201);
    return res.body as { caseId: string; alertId: string };
  };
  const view = async (caseId: string, user = 'lead-nord') =>
    (
      await t
        .http()
        .get(`/v1/cases/${caseId}`)
        .set('Authorization', `Bearer ${await token(user)}`)
    ).body as Json;
  const acknowledge = async (caseId: string, user: string, body: Json = {}) =>
    t
      .http()
      .post(`/v1/cases/${caseId}/acknowledge`)
      .set('Authorization', `Bearer ${await token(user)}`)
      .send(body);
  /** Opens a case and waits until the cases service has it. */
  const opened = async (person: Json, overrides: Json = {}, user = 'lead-nord') => {
    const res = await raise(pharmacist, alertBody(overrides, person));
    await expectEventually(async () => expect((await view(res.caseId, user)).status).toBe('opened'));
    return res;
  };
  /** Raises a further alert about the person and waits until it landed on the case as a signal. */
  const joined = async (caseId: string, person: Json, overrides: Json = {}, user = 'lead-nord') => {
    const res = await raise(nurse, alertBody(overrides, person));
    expect(res.caseId).toBe(caseId);
    await expectEventually(async () =>
      expect((await view(caseId, user)).signals.map((s: Json) => s.signalId)).toContain(res.alertId),
    );
    return res;
  };

  describe('signals', () => {
    it('should make a second alert on an acknowledged case a pending signal, escalated when nobody acknowledges it', async () => {
      const person = uniquePerson();
      const first = await opened(person);
      expect((await acknowledge(first.caseId, 'coord-nord')).status).toBe(200);

      clock.advance(10 * MINUTE);
      const second = await joined(first.caseId, person, { type: 'suicide-risk', urgency: 'normal' });
      const afterJoin = await view(first.caseId);
      // suicide-risk is always urgent at intake: the case becomes urgent and the urgent window runs.
      expect(afterJoin).toMatchObject({ status: 'acknowledged', urgency: 'urgent', owner: { id: 'coord-nord' } });
      expect(afterJoin.unacknowledgedSignals).toEqual([
        expect.objectContaining({
          signalId: second.alertId,
          type: 'suicide-risk',
          urgency: 'urgent',
          reporterId: 'pro-home-nurse',
          acknowledgeBy: new Date(clock.now().getTime() + 30 * MINUTE).toISOString(),
          escalationLevel: 0,
        }),
      ]);

      // The join was announced (ids only) for paging.
      await expectEventually(async () => {
        const [row] = await t.sql<{ data: Json }>(
          `SELECT "envelope"->'data' AS data FROM "cases"."outbox" WHERE "envelope"->>'type' = 'case.signal-received' AND "envelope"->'data'->>'signalId' = $1`,
          [second.alertId],
        );
        expect(row.data).toEqual({
          caseId: first.caseId,
          signalId: second.alertId,
          bassinId: 'nord',
          type: 'suicide-risk',
          urgency: 'urgent',
          caseUrgency: 'urgent',
          ownerId: 'coord-nord',
          escalationLevel: 0,
          acknowledgeBy: expect.any(String),
          receivedAt: expect.any(String),
        });
      });

      clock.advance(31 * MINUTE);
      await expectEventually(async () =>
        expect(await view(first.caseId)).toMatchObject({
          status: 'escalated',
          escalationLevel: 1,
          owner: { id: 'backup-nord' },
        }),
      );
      const ack = await acknowledge(first.caseId, 'backup-nord');
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({ ownerId: 'backup-nord', pendingSignals: 0 });
      expect(ack.body.acknowledged.map((s: Json) => s.signalId)).toEqual([second.alertId]);

      // The timeline shows each signal: its type, reporter, and who acknowledged it when.
      const timeline = (
        await t
          .http()
          .get(`/v1/cases/${first.caseId}/timeline`)
          .set('Authorization', `Bearer ${await token('coord-nord')}`)
      ).body;
      expect(timeline.signals).toEqual([
        expect.objectContaining({
          signalId: first.alertId,
          type: 'not-seen',
          reporterId: 'pro-pharmacist',
          acknowledgedBy: 'coord-nord',
          acknowledgedAt: expect.any(String),
        }),
        expect.objectContaining({
          signalId: second.alertId,
          type: 'suicide-risk',
          reporterId: 'pro-home-nurse',
          acknowledgedBy: 'backup-nord',
          acknowledgedAt: expect.any(String),
        }),
      ]);
      expect(timeline.entries.map((e: Json) => e.kind)).toEqual([
        'case.opened',
        'case.acknowledged',
        'alert.attached',
        'case.escalated',
        'case.acknowledged',
      ]);
      const reporterTimeline = (
        await t.http().get(`/v1/cases/${first.caseId}/timeline`).set('Authorization', `Bearer ${pharmacist}`)
      ).body;
      expect(reporterTimeline.signals).toBeUndefined();
    });

    it('should raise the urgency with an urgent signal and never lower it with a later normal one (R25)', async () => {
      const person = uniquePerson();
      const first = await opened(person);
      await acknowledge(first.caseId, 'coord-nord');
      await joined(first.caseId, person, { urgency: 'urgent' });
      expect((await view(first.caseId)).urgency).toBe('urgent');
      const normal = await joined(first.caseId, person, { urgency: 'normal', type: 'loss-of-rights' });
      const after = await view(first.caseId);
      expect(after.urgency).toBe('urgent');
      expect(after.unacknowledgedSignals.map((s: Json) => s.signalId)).toHaveLength(2);
      expect(after.unacknowledgedSignals.find((s: Json) => s.signalId === normal.alertId)).toMatchObject({
        urgency: 'normal',
      });
    });

    it('should acknowledge the signals named, refuse a repeat (409) and an unknown signal (404)', async () => {
      const person = uniquePerson();
      const first = await opened(person);
      const second = await joined(first.caseId, person, { type: 'loss-of-rights' });

      const named = await acknowledge(first.caseId, 'coord-nord', { signalIds: [second.alertId] });
      expect(named.status).toBe(200);
      expect(named.body.acknowledged.map((s: Json) => s.signalId)).toEqual([second.alertId]);
      expect(named.body.pendingSignals).toBe(1);
      expect((await view(first.caseId)).unacknowledgedSignals.map((s: Json) => s.signalId)).toEqual([first.alertId]);

      const repeat = await acknowledge(first.caseId, 'coord-nord', { signalIds: [second.alertId] });
      expect(repeat.status).toBe(409);
      expect(repeat.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(repeat.body.type).toMatch(/signal-already-acknowledged$/);
      const unknown = await acknowledge(first.caseId, 'coord-nord', {
        signalIds: ['6f1c3f1e-0d7e-4a4e-9a53-1d2f7a9b8c01'],
      });
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      const malformed = await acknowledge(first.caseId, 'coord-nord', { signalIds: ['nope'], extra: 1 });
      expect(malformed.status).toBe(400);

      const rest = await acknowledge(first.caseId, 'coord-nord');
      expect(rest.body.acknowledged.map((s: Json) => s.signalId)).toEqual([first.alertId]);
      expect((await acknowledge(first.caseId, 'coord-nord')).status).toBe(409);
      await expectEventually(async () => {
        const rows = await t.sql<{ id: string }>(
          `SELECT "envelope"->'data'->>'signalId' AS id FROM "cases"."outbox" WHERE "envelope"->>'type' = 'case.signal-acknowledged' AND "envelope"->'data'->>'caseId' = $1`,
          [first.caseId],
        );
        expect(rows.map((r) => r.id).sort()).toEqual([first.alertId, second.alertId].sort());
      });
    });
  });

  describe('worklist', () => {
    // Bassin sud-est (postal code 1200) is used by this block only.
    const inSudEst = () => uniquePerson({ address: { postalCode: '1200' } });
    const list = async (user: string, query: string) =>
      t
        .http()
        .get(`/v1/cases?${query}`)
        .set('Authorization', `Bearer ${await token(user)}`);
    let normal: string;
    let urgent: string;
    let withDeadline: string;

    beforeAll(async () => {
      normal = (await opened(inSudEst(), {}, 'coord-sud-est')).caseId;
      urgent = (await opened(inSudEst(), { urgency: 'urgent' }, 'coord-sud-est')).caseId;
      const deadline = new Date(clock.now().getTime() + 120 * MINUTE).toISOString();
      withDeadline = (await opened(inSudEst(), { deadline }, 'coord-sud-est')).caseId;
    });

    it('should list urgent first, then by the earliest due time, page by cursor, and count per bucket', async () => {
      const first = await list('coord-sud-est', 'bassin=sud-est&limit=2');
      expect(first.status).toBe(200);
      expect(first.body.items.map((i: Json) => i.caseId)).toEqual([urgent, withDeadline]);
      expect(first.body.items[0]).toMatchObject({
        bassinId: 'sud-est',
        status: 'opened',
        urgency: 'urgent',
        ownerId: 'coord-sud-est',
        unacknowledgedSignals: 1,
        overdue: false,
      });
      expect(JSON.stringify(first.body)).not.toMatch(/Person-|givenName|familyName|birthDate/);
      expect(first.body.counts).toEqual({
        open: 3,
        urgent: 1,
        unacknowledged: 3,
        overdue: 0,
        escalated: 0,
        needsBassinConfirmation: 0,
      });
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await list('coord-sud-est', `bassin=sud-est&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((i: Json) => i.caseId)).toEqual([normal]);
      expect(second.body.nextCursor).toBeUndefined();

      // Every read is on record: the list, and each case it showed.
      const audit = await t.sql<{ subject_id: string }>(
        `SELECT "subject_id" FROM "cases"."audit_log" WHERE "actor_id" = 'coord-sud-est' AND "purpose" = 'read-worklist' AND "subject_type" = 'case'`,
      );
      expect(audit.map((a) => a.subject_id)).toEqual(expect.arrayContaining([urgent, withDeadline, normal]));
    });

    it('should filter by status, urgency, owner, pending signals, deadline and bassin confirmation', async () => {
      expect((await acknowledge(normal, 'coord-sud-est')).status).toBe(200);
      const ids = async (query: string, user = 'coord-sud-est') =>
        ((await list(user, query)).body.items as Json[]).map((i) => i.caseId);
      expect(await ids('bassin=sud-est&hasUnacknowledgedSignals=false')).toEqual([normal]);
      expect(await ids('bassin=sud-est&hasUnacknowledgedSignals=true')).toEqual([urgent, withDeadline]);
      expect(await ids('bassin=sud-est&status=acknowledged')).toEqual([normal]);
      expect(await ids('bassin=sud-est&urgency=urgent')).toEqual([urgent]);
      expect(await ids('bassin=sud-est&owner=me')).toEqual([urgent, withDeadline, normal]);
      expect(await ids('bassin=sud-est&owner=me', 'backup-sud-est')).toEqual([]);
      const before = encodeURIComponent(new Date(clock.now().getTime() + 180 * MINUTE).toISOString());
      expect(await ids(`bassin=sud-est&deadlineBefore=${before}`)).toEqual([withDeadline]);
      expect(await ids('bassin=sud-est&needsBassinConfirmation=true')).toEqual([]);

      // A fallback routing (an ambiguous postal code) awaits its coordinator's confirmation.
      const fallback = await opened(uniquePerson({ address: { postalCode: '1040' } }), {}, 'coord-sud-est');
      expect(await ids('needsBassinConfirmation=true')).toEqual([fallback.caseId]);
    });

    it('should show an overdue signal once nobody is left to escalate to', async () => {
      // The urgent case: 30 minutes to the backup, 30 more to the lead, then the lead's window runs out.
      clock.advance(31 * MINUTE);
      await expectEventually(async () => expect((await view(urgent, 'coord-sud-est')).escalationLevel).toBe(1));
      clock.advance(31 * MINUTE);
      await expectEventually(async () => expect((await view(urgent, 'coord-sud-est')).escalationLevel).toBe(2));
      clock.advance(31 * MINUTE);
      const overdue = await list('lead-sud-est', 'bassin=sud-est&overdue=true');
      expect(overdue.body.items.map((i: Json) => i.caseId)).toEqual([urgent]);
      expect(overdue.body.items[0]).toMatchObject({ overdue: true, ownerId: 'lead-sud-est', status: 'escalated' });
      expect(overdue.body.counts).toMatchObject({ overdue: 1, escalated: 1 });
      expect(
        ((await list('lead-sud-est', 'bassin=sud-est&owner=me')).body.items as Json[]).map((i) => i.caseId),
      ).toEqual([urgent]);
    });

    it('should show a non-member nothing, an administrator everything, and refuse others', async () => {
      const other = await list('coord-nord', 'bassin=sud-est');
      expect(other.status).toBe(200);
      expect(other.body.items).toEqual([]);
      expect(other.body.counts).toMatchObject({ open: 0, urgent: 0, unacknowledged: 0 });
      const nordOnly = (await list('coord-nord', '')).body.items as Json[];
      expect(nordOnly.every((i) => i.bassinId === 'nord')).toBe(true);

      const admin = (await list('admin', 'bassin=sud-est')).body.items as Json[];
      expect(admin.map((i) => i.caseId)).toEqual(expect.arrayContaining([normal, urgent, withDeadline]));

      const professional = await list('pro-pharmacist', '');
      expect(professional.status).toBe(403);
      expect(professional.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('should refuse unknown or invalid query parameters (400) and a forged cursor (422)', async () => {
      for (const query of [
        'colour=red',
        'limit=101',
        'limit=0',
        'status=lost',
        'overdue=yes',
        'deadlineBefore=tomorrow',
        'bassin=nord&bassin=sud',
      ]) {
        const res = await list('coord-nord', query);
        expect([query, res.status]).toEqual([query, 400]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      // A cursor this worklist never returned is well-formed but unusable.
      const forged = await list('coord-nord', 'cursor=bm90LWEtY3Vyc29y');
      expect([forged.status, forged.body.errors]).toEqual([422, [expect.objectContaining({ field: 'cursor' })]]);
    });
  });

  describe('worklist stream (Server-Sent Events)', () => {
    let base: string;

    beforeAll(async () => {
      const server = t.engine.app.getHttpServer() as Server;
      if (!server.listening) {
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      }
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    /** A real HTTP client reading the stream, event by event. */
    const openStream = async (user: string, query = '') => {
      const controller = new AbortController();
      const res = await fetch(`${base}/v1/cases/stream${query}`, {
        headers: { authorization: `Bearer ${await token(user)}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      const next = async (): Promise<{ event: string; data: Json }> => {
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (data !== undefined) {
              return { event, data: JSON.parse(data) as Json };
            }
            continue;
          }
          const { value, done } = await reader.read();
          if (done) {
            throw new Error('stream ended');
          }
          buffer += value;
        }
      };
      return { res, next, close: () => controller.abort() };
    };

    it('should deliver a change of a case in the coordinator’s bassin, ids and statuses only, and nothing of another bassin', async () => {
      const sud = await openStream('coord-sud', '?bassin=sud');
      const nord = await openStream('coord-nord');
      try {
        expect(sud.res.status).toBe(200);
        expect(sud.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
        expect((await sud.next()).event).toBe('ready');
        expect((await nord.next()).event).toBe('ready');

        const inSud = await raise(pharmacist, alertBody({}, uniquePerson({ address: { postalCode: '1180' } })));
        const change = await sud.next();
        expect(change).toEqual({
          event: 'case',
          data: {
            caseId: inSud.caseId,
            bassinId: 'sud',
            referenceBassin: 'sud',
            status: 'opened',
            urgency: 'normal',
            ownerId: 'coord-sud',
            pendingSignals: 1,
            change: 'case.opened',
          },
        });

        // The nord coordinator's stream skips the sud case: everything up to the nord one is nord's
        // (other nord cases may change meanwhile: the stream reads a change log shared by every replica).
        const inNord = await raise(pharmacist, alertBody({}, uniquePerson({ address: { postalCode: '1020' } })));
        for (;;) {
          const { data } = await nord.next();
          expect(data.bassinId).toBe('nord');
          if (data.caseId === inNord.caseId) {
            break;
          }
        }
      } finally {
        sud.close();
        nord.close();
      }
    });

    it('should refuse the stream without a token (401) and to a reporter (403)', async () => {
      expect((await fetch(`${base}/v1/cases/stream`)).status).toBe(401);
      const reporter = await fetch(`${base}/v1/cases/stream`, { headers: { authorization: `Bearer ${pharmacist}` } });
      expect(reporter.status).toBe(403);
      expect(reporter.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });
});
