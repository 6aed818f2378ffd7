import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';

const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));

interface TaskView {
  id: string;
  kind: string;
  status: string;
  sequence: number;
  attempts: number;
  outcome?: string;
  closedBy?: string;
  closedAt?: string;
  lastAttemptAt?: string;
}

describe('coordinator tasks that close: a call with its outcome, a letter posted (issue 17, point 5; embedded)', () => {
  let t: TestEngine;
  let coord: string;
  let caseId: string;
  let personId: string;
  let concertationId: string;
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
  const post = (path: string, body: object, token = coord) =>
    t
      .http()
      .post(path)
      .set(...auth(token))
      .send(body);
  const tasks = async () =>
    (
      await t
        .http()
        .get(`/v1/cases/${caseId}/tasks`)
        .set(...auth(coord))
    ).body.tasks as TaskView[];
  const openTask = (kind: string, sequence: number) =>
    expectEventually(async () => {
      const found = (await tasks()).find((x) => x.kind === kind && x.sequence === sequence && x.status === 'open');
      expect(found).toBeDefined();
      return found!;
    });
  const audit = () =>
    t.sql<{ actor_id: string; action: string; purpose: string; outcome: string }>(
      `SELECT "actor_id","action","purpose","outcome" FROM "notifications"."audit_log"
        WHERE "subject_id" = $1 AND ("purpose" LIKE 'record-call-%' OR "purpose" = 'mark-letter-posted') ORDER BY "id"`,
      [caseId],
    );

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    coord = await t.token('coord-sud');
    const alert = await t
      .http()
      .post('/v1/alerts')
      .set(...auth(await t.token('pro-hospital-nurse')))
      .send(
        alertBody(
          { type: 'imminent-discharge', urgency: 'urgent', deadline: '2026-11-26T16:00:00+01:00' },
          { givenName: 'Simone', familyName: 'Peeters', address: { postalCode: '1180' }, preferredLanguage: 'nl' },
        ),
      );
    caseId = alert.body.caseId;
    personId = await expectEventually(async () => {
      const team = await t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set(...auth(coord));
      expect(team.body.participants).toHaveLength(1);
      return team.body.participants[0].id as string;
    });
    expect(
      (await post(`/v1/cases/${caseId}/consent`, { decision: 'granted', givenBy: 'person', scopes: [] })).status,
    ).toBe(200);
    // Simone has neither e-mail nor phone on the case: the coordinator calls her.
    const scheduled = await post(`/v1/cases/${caseId}/concertations`, {
      start: '2026-11-25T13:00:00.000Z',
      end: '2026-11-25T14:00:00.000Z',
      location: { kind: 'video' },
    });
    expect(scheduled.status).toBe(201);
    concertationId = scheduled.body.concertation.id;
  });
  afterAll(() => t?.close());

  it('should count calls without an answer, keep the task open, and close it when the invitee is reached', async () => {
    const call = await openTask('phone-call', 0);
    expect(call).toMatchObject({ attempts: 0 });
    const url = `/v1/cases/${caseId}/tasks/${call.id}/calls`;

    const first = await post(url, { outcome: 'no-answer' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: call.id, status: 'open', attempts: 1, outcome: 'no-answer' });
    expect(first.body.closedBy).toBeUndefined();
    clock.advance(3600_000);
    expect((await post(url, { outcome: 'voicemail-left' })).body).toMatchObject({ status: 'open', attempts: 2 });
    clock.advance(3600_000);
    const reached = await post(url, { outcome: 'reached' });
    expect(reached.body).toMatchObject({
      status: 'done',
      attempts: 3,
      outcome: 'reached',
      closedBy: 'coord-sud',
      closedAt: '2026-11-23T10:00:00.000Z',
      lastAttemptAt: '2026-11-23T10:00:00.000Z',
    });
    // Visible in the case's task list.
    expect((await tasks()).find((x) => x.id === call.id)).toMatchObject({
      status: 'done',
      attempts: 3,
      outcome: 'reached',
      closedBy: 'coord-sud',
    });
    // A closed task takes no more calls (and the refused call is not recorded).
    const again = await post(url, { outcome: 'no-answer' });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/task-closed/);
    expect((await audit()).map((r) => [r.actor_id, r.action, r.purpose, r.outcome])).toEqual([
      ['coord-sud', 'update', 'record-call-no-answer', 'allowed'],
      ['coord-sud', 'update', 'record-call-voicemail-left', 'allowed'],
      ['coord-sud', 'update', 'record-call-reached', 'allowed'],
    ]);
  });

  it('should take only outcomes of the controlled list', async () => {
    const [call] = (await tasks()).filter((x) => x.kind === 'phone-call');
    for (const body of [{ outcome: 'maybe' }, {}, { outcome: ['reached'] }]) {
      const res = await post(`/v1/cases/${caseId}/tasks/${call.id}/calls`, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('should mark a letter posted once, and refuse a call on a letter or a letter on a call', async () => {
    // Simone now has a postal address: the new version of the meeting goes out by letter.
    const patched = await t
      .http()
      .patch(`/v1/cases/${caseId}/participants/${personId}`)
      .set(...auth(coord))
      .send({ postalAddress: 'Rue de la Paix 12, 1180 Uccle' });
    expect(patched.body.channels).toEqual(['letter']);
    const moved = await post(`/v1/concertations/${concertationId}/reschedule`, {
      start: '2026-11-25T14:00:00.000Z',
      end: '2026-11-25T15:00:00.000Z',
      location: { kind: 'video' },
    });
    expect(moved.status).toBe(200);
    const letter = await openTask('post-letter', 1);
    const [call] = (await tasks()).filter((x) => x.kind === 'phone-call');

    expect((await post(`/v1/cases/${caseId}/tasks/${letter.id}/calls`, { outcome: 'reached' })).status).toBe(409);
    expect((await post(`/v1/cases/${caseId}/tasks/${call.id}/letter-posted`, {})).body.type).toMatch(
      /task-kind-mismatch/,
    );
    const posted = await post(`/v1/cases/${caseId}/tasks/${letter.id}/letter-posted`, {});
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ status: 'done', attempts: 1, outcome: 'posted', closedBy: 'coord-sud' });
    expect((await post(`/v1/cases/${caseId}/tasks/${letter.id}/letter-posted`, {})).status).toBe(409);
    expect((await tasks()).find((x) => x.id === letter.id)).toMatchObject({ status: 'done', outcome: 'posted' });
    expect((await audit()).filter((r) => r.purpose === 'mark-letter-posted')).toHaveLength(1);
  });

  it("should answer 404 to anyone but the case's bassin coordinators, audited as refused, changing nothing", async () => {
    const all = await tasks();
    const before = JSON.stringify(all);
    const call = all.find((x) => x.kind === 'phone-call')!;
    const letter = all.find((x) => x.kind === 'post-letter')!;
    for (const user of ['coord-nord', 'pro-gp', 'pro-hospital-nurse']) {
      const token = await t.token(user);
      const a = await post(`/v1/cases/${caseId}/tasks/${call.id}/calls`, { outcome: 'reached' }, token);
      const b = await post(`/v1/cases/${caseId}/tasks/${letter.id}/letter-posted`, {}, token);
      expect([user, a.status, b.status]).toEqual([user, 404, 404]);
    }
    // Another case's id or a task of no case: 404 as well.
    expect(
      (await post(`/v1/cases/${caseId}/tasks/00000000-0000-4000-8000-000000000000/calls`, { outcome: 'reached' }))
        .status,
    ).toBe(404);
    expect((await post(`/v1/cases/${caseId}/tasks/not-a-uuid/letter-posted`, {})).status).toBe(404);
    expect(JSON.stringify(await tasks())).toBe(before);
    const refused = await t.sql<{ actor_id: string }>(
      `SELECT "actor_id" FROM "notifications"."audit_log" WHERE "subject_id" = $1 AND "outcome" = 'denied' AND "action" = 'denied'`,
      [caseId],
    );
    expect(new Set(refused.map((r) => r.actor_id))).toEqual(new Set(['coord-nord', 'pro-gp', 'pro-hospital-nurse']));
  });
});
