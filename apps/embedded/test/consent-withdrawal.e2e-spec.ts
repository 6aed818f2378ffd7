import { ManualClock } from '#concerto/ddd';
import { DurableTimers } from '#concerto/timers';
import {
  alertBody,
  expectEventually,
  type ReceivedMessage,
  startTestEngine,
  startTestSmtpServer,
  type TestEngine,
  type TestSmtpServer,
  uniquePerson,
  toInviteesOnly,
} from '#concerto/testing';
import { answerLinksIn } from './fixtures/answer-links.js';
import { NotificationsServiceModule } from '../../notifications/src/notifications-service.module.js';
import { DeliveryJobProcessor } from '../../notifications/src/modules/invitations/infrastructure/jobs/delivery-job.processor.js';
import { DeliveryQueue } from '../../notifications/src/modules/invitations/infrastructure/delivery-queue.js';

// Monday 23 November 2026, 09:00 in Brussels. The meeting is Wednesday at 14:00 (Brussels): its
// "in two days" reminder is due on Monday at 14:00.
const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const MEETING = { start: '2026-11-25T13:00:00.000Z', end: '2026-11-25T14:00:00.000Z' };
const SECOND_MEETING = { start: '2026-11-26T13:00:00.000Z', end: '2026-11-26T14:00:00.000Z' };
const REMINDER_DUE = new Date('2026-11-23T13:00:00Z');

const to = (m: ReceivedMessage) => m.envelope.to[0];

describe('consent withdrawal takes effect everywhere, at once (R05, R06, embedded)', () => {
  let smtp: TestSmtpServer;
  let t: TestEngine;
  /** The answer links of a received e-mail, by action. */
  const answerLinks = async (mail: ReceivedMessage): Promise<Record<string, string>> =>
    Object.fromEntries(
      Object.entries(await answerLinksIn((q, p) => t.sql(q, p), mail.mail.text ?? '')).map(([a, l]) => [a, l.token]),
    );
  let coord: string;
  let caseId: string;
  let meetingId: string;
  let secondMeetingId: string;
  const participants: Record<string, string> = {};
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
  const notifications = () => t.engine.app.select(NotificationsServiceModule);

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ keep: toInviteesOnly });
    t = await startTestEngine({
      clock,
      config: {
        SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
        // No periodic sweep: a timer made due by the clock stays due, unfired, until the test sweeps.
        TIMER_SWEEP_INTERVAL_MS: '3600000',
      },
    });
    coord = await t.token('coord-sud');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const post = (path: string, body: object) =>
    t
      .http()
      .post(path)
      .set(...auth(coord))
      .send(body);
  const get = (path: string, token = coord) =>
    t
      .http()
      .get(path)
      .set(...auth(token));
  const deliveries = (concertationId: string) =>
    t.sql<{ idempotency_key: string; kind: string; status: string; last_error_code: string | null }>(
      `SELECT "idempotency_key","kind","status","last_error_code" FROM "notifications"."deliveries" WHERE "concertation_id" = $1`,
      [concertationId],
    );
  const tasks = async () =>
    (await get(`/v1/cases/${caseId}/tasks`).expect(200)).body.tasks as Array<Record<string, string>>;

  it('should invite the team once consent is granted (the person by letter)', async () => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set(...auth(await t.token('pro-home-nurse')))
      .send(alertBody({}, uniquePerson({ address: { postalCode: '1180' }, preferredLanguage: 'fr' })));
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
    await expectEventually(async () => {
      const team = await get(`/v1/cases/${caseId}/participants`);
      expect(team.body.participants).toHaveLength(1);
      participants.person = team.body.participants[0].id;
    });
    await t
      .http()
      .patch(`/v1/cases/${caseId}/participants/${participants.person}`)
      .set(...auth(coord))
      .send({ postalAddress: 'Rue du Test 1, 1180 Uccle' })
      .expect(200);
    const add = async (body: object) => (await post(`/v1/cases/${caseId}/participants`, body).expect(201)).body;
    participants.gp = (
      await add({ kind: 'professional', professionalId: 'pro-gp', email: 'gp@example.test' })
    ).participant.id;
    participants.relative = (
      await add({ kind: 'relative', displayName: 'Jan Test', language: 'fr', email: 'jan@example.test' })
    ).participant.id;
    const scopes = [participants.gp, participants.relative].map((participantId) => ({
      participantId,
      dataCategories: ['meeting-details', 'care-team'],
    }));
    await post(`/v1/cases/${caseId}/consent`, { decision: 'granted', givenBy: 'person', scopes }).expect(200);

    const r = await post(`/v1/cases/${caseId}/concertations`, { ...MEETING, location: { kind: 'video' } });
    expect(r.status).toBe(201);
    meetingId = r.body.concertation.id;
    const received = await smtp.waitFor(2);
    expect(received.map(to).sort()).toEqual(['gp@example.test', 'jan@example.test']);
    await expectEventually(async () =>
      expect((await tasks()).filter((x) => x.kind === 'post-letter')).toEqual([
        expect.objectContaining({ invitationId: expect.any(String), status: 'open' }),
      ]),
    );
    // The answer link works while the consent covers the GP.
    const gpLink = (await answerLinks(received.find((m) => to(m) === 'gp@example.test')!)).accept;
    const info = await t.http().get(`/v1/rsvp/${gpLink}`);
    expect(info.status).toBe(200);
    expect(info.body.meeting.start).toBe(MEETING.start);
  });

  it('should cancel pending messages and their jobs, and every timer, the due one included, when the representative revokes', async () => {
    // The "in two days" reminder is due now, but not fired (no sweep has run).
    clock.set(new Date(REMINDER_DUE.getTime() + 60_000));
    const due = await t.sql<{ id: string }>(
      `SELECT "id" FROM "notifications"."timers" WHERE "subject_id" = $1 AND "kind" = 'meeting.reminder' AND "due_at" <= $2 AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
      [meetingId, clock.now()],
    );
    expect(due).toHaveLength(1);

    // Messages waiting to leave: the delivery worker is stopped, so a second meeting's invitations stay queued.
    const processor = notifications().get(DeliveryJobProcessor, { strict: true });
    const queue = notifications().get(DeliveryQueue, { strict: true });
    await processor.stop();
    const second = await post(`/v1/cases/${caseId}/concertations`, { ...SECOND_MEETING, location: { kind: 'video' } });
    expect(second.status).toBe(201);
    secondMeetingId = second.body.concertation.id;
    const pending = await expectEventually(async () => {
      const rows = await deliveries(secondMeetingId);
      expect(rows.map((d) => d.status)).toEqual(['queued', 'queued', 'queued']);
      for (const d of rows) {
        expect(await queue.hasJob(d.idempotency_key)).toBe(true);
      }
      return rows;
    });
    const sentBefore = smtp.messages.length;

    await post(`/v1/cases/${caseId}/consent`, { decision: 'revoked', givenBy: 'legal-representative' }).expect(200);

    await expectEventually(async () => {
      const rows = await deliveries(secondMeetingId);
      expect(rows.map((d) => [d.status, d.last_error_code])).toEqual(
        pending.map(() => ['cancelled', 'consent-withdrawn']),
      );
    });
    for (const d of pending) {
      await expectEventually(async () => expect(await queue.hasJob(d.idempotency_key)).toBe(false));
    }
    const timers = await t.sql<{ kind: string; cancelled_at: Date | null; fired_at: Date | null }>(
      `SELECT "kind","cancelled_at","fired_at" FROM "notifications"."timers" WHERE "subject_id" IN ($1,$2) AND "kind" = 'meeting.reminder'`,
      [meetingId, secondMeetingId],
    );
    expect(timers.length).toBeGreaterThan(0);
    expect(timers.every((x) => x.cancelled_at !== null && x.fired_at === null)).toBe(true);
    // The letter to post for the person is withdrawn from the coordinator's list (cancelled, not done).
    expect((await tasks()).filter((x) => x.kind === 'post-letter').map((x) => x.status)).toEqual(['cancelled']);

    // A job that ran anyway (it was already running, or came back) finds nothing to send.
    for (const d of pending) {
      expect(['done', 'cancelled']).toContain(await processor.process(d.idempotency_key));
    }
    expect(smtp.messages.length).toBe(sentBefore);
  });

  it('should send nothing when a reminder timer that was already due fires after the withdrawal', async () => {
    const timers = notifications().get(DurableTimers, { strict: true });
    const sentBefore = smtp.messages.length;
    expect(await timers.sweep()).toBe(0);
    // Defence in depth: a firing that had picked the timer before the withdrawal committed.
    await t.sql(
      `UPDATE "notifications"."timers" SET "cancelled_at" = NULL WHERE "subject_id" = $1 AND "kind" = 'meeting.reminder' AND "due_at" <= $2`,
      [meetingId, clock.now()],
    );
    expect(await timers.sweep()).toBe(1);
    const reminders = (await deliveries(meetingId)).filter((d) => d.kind === 'reminder-48h');
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.map((d) => [d.status, d.last_error_code])).toEqual(
      reminders.map(() => ['cancelled', 'consent-withdrawn']),
    );
    for (const d of reminders) {
      expect(['done', 'cancelled']).toContain(
        await notifications().get(DeliveryJobProcessor, { strict: true }).process(d.idempotency_key),
      );
    }
    expect(smtp.messages.length).toBe(sentBefore);
    const sent = await t.sql(
      // Pages and the reporters' feedback go to the coordinator and reporters, whom R06 keeps informed.
      `SELECT 1 FROM "notifications"."deliveries" WHERE "case_id" = $1 AND "status" = 'sent' AND "kind" NOT IN ('invitation', 'page', 'case-feedback')`,
      [caseId],
    );
    expect(sent).toEqual([]);
  });

  it('should refuse to reschedule, schedule or poll without consent (409 naming consent), and send nothing', async () => {
    const sentBefore = smtp.messages.length;
    const moved = await post(`/v1/concertations/${meetingId}/reschedule`, {
      start: '2026-11-27T13:00:00.000Z',
      end: '2026-11-27T14:00:00.000Z',
      location: { kind: 'video' },
    });
    expect(moved.status).toBe(409);
    expect(moved.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(moved.body.type).toMatch(/consent-required$/);
    const fresh = await post(`/v1/cases/${caseId}/concertations`, {
      start: '2026-11-27T13:00:00.000Z',
      end: '2026-11-27T14:00:00.000Z',
      location: { kind: 'video' },
    });
    expect([fresh.status, fresh.body.type]).toEqual([409, expect.stringMatching(/consent-required$/)]);
    const poll = await post(`/v1/cases/${caseId}/concertations/polls`, {
      options: [
        { start: '2026-11-30T13:00:00.000Z', end: '2026-11-30T14:00:00.000Z' },
        { start: '2026-12-01T13:00:00.000Z', end: '2026-12-01T14:00:00.000Z' },
      ],
      closesAt: '2026-11-27T12:00:00.000Z',
      location: { kind: 'video' },
    });
    expect([poll.status, poll.body.type]).toEqual([409, expect.stringMatching(/consent-required$/)]);
    const meeting = await get(`/v1/concertations/${meetingId}`).expect(200);
    expect(meeting.body.start).toBe(MEETING.start);
    expect(meeting.body.sequence).toBe(0);
    expect(
      await t.sql(`SELECT 1 FROM "notifications"."deliveries" WHERE "case_id" = $1 AND "status" = 'queued'`, [caseId]),
    ).toEqual([]);
    expect(smtp.messages.length).toBe(sentBefore);
  });

  it('should flag the planned meetings to the coordinator, not cancel them', async () => {
    for (const id of [meetingId, secondMeetingId]) {
      const m = await get(`/v1/concertations/${id}`).expect(200);
      expect(m.body).toMatchObject({ status: 'scheduled', consentWithdrawn: true });
    }
  });

  it('should answer the care team’s links neutrally: no meeting details, no word of a refusal', async () => {
    const gpMail = smtp.messages.find((m) => to(m) === 'gp@example.test')!;
    const links = await answerLinks(gpMail);
    for (const res of [
      await t.http().get(`/v1/rsvp/${links.accept}`),
      await t.http().post(`/v1/rsvp/${links.decline}`).send({}),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.type).toMatch(/link-no-longer-valid$/);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/consent|refus|revok|withdraw/i);
      expect(text).not.toContain(MEETING.start);
      expect(res.body.meeting).toBeUndefined();
    }
  });

  it('should keep every consent change with its time and author, for the coordinators only, audited', async () => {
    const history = await get(`/v1/cases/${caseId}/consent/history`).expect(200);
    expect(history.body.changes).toEqual([
      expect.objectContaining({ version: 1, status: 'granted', givenBy: 'person', recordedBy: 'coord-sud' }),
      expect.objectContaining({
        version: 2,
        status: 'revoked',
        givenBy: 'legal-representative',
        recordedBy: 'coord-sud',
        scopes: [],
      }),
    ]);
    expect(history.body.changes[0].scopes).toHaveLength(2);
    expect(new Date(history.body.changes[1].recordedAt).getTime()).toBe(
      new Date(REMINDER_DUE.getTime() + 60_000).getTime(),
    );
    expect((await get(`/v1/cases/${caseId}/consent/history`, await t.token('coord-nord'))).status).toBe(404);
    expect([403, 404]).toContain((await get(`/v1/cases/${caseId}/consent/history`, await t.token('pro-gp'))).status);
    const audit = await t.sql<{ actor_id: string; outcome: string }>(
      `SELECT "actor_id","outcome" FROM "scheduling"."audit_log" WHERE "subject_id" = $1 AND "purpose" = 'read-consent-history' ORDER BY "at"`,
      [caseId],
    );
    expect(audit.map((a) => a.outcome)).toEqual(expect.arrayContaining(['allowed', 'denied']));
    // Append-only: the history cannot be rewritten.
    await expect(
      t.sql(`UPDATE "scheduling"."consent_history" SET "status" = 'granted' WHERE "case_id" = $1`, [caseId]),
    ).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM "scheduling"."consent_history" WHERE "case_id" = $1`, [caseId])).rejects.toThrow(
      /append-only/,
    );
  });
});
