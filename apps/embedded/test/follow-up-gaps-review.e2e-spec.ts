import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';
import { DevMailboxSender } from '../../notifications/src/modules/invitations/infrastructure/dev-mailbox.sender.js';

type Json = Record<string, any>;

// Wednesday 28 April 2027. Both reviews are on Tuesday 15 June; ten working days before it is
// Tuesday 1 June (no public holiday in between), when the engine prepares them at 09:00 Brussels.
const clock = new ManualClock(new Date('2027-04-28T08:00:00Z'));
const REVIEW_ON = '2027-06-15';
const PREPARED_FROM = '2027-06-01T07:00:00.000Z';
const WORKDAY = {
  mon: ['08:30-17:00'],
  tue: ['08:30-17:00'],
  wed: ['08:30-17:00'],
  thu: ['08:30-17:00'],
  fri: ['08:30-17:00'],
};

describe('after the meeting, the gaps: the next review prepared ahead of time (embedded)', () => {
  let t: TestEngine;
  let mailbox: DevMailboxSender;
  const cases: Record<'concertation' | 'checkIn', { caseId: string; social: string; person: string }> = {} as never;

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    mailbox = t.engine.app.get(DevMailboxSender, { strict: false });
  });
  afterAll(() => t?.close());

  const call = async (method: 'get' | 'post' | 'put', path: string, user = 'coord-nord', body?: Json) => {
    const http = t.http();
    const req = http[method](path).set('Authorization', `Bearer ${await t.token(user)}`);
    return body === undefined ? req : req.send(body);
  };
  const actionMails = async (address: string) =>
    (await mailbox.list()).filter((m) => m.to === address && m.idempotencyKey.startsWith('action-item:'));

  /** A case whose first concertation is held on 29 April and plans its review on 15 June. */
  const recordedCase = async (socialEmail: string) => {
    const raised = await call('post', '/v1/alerts', 'pro-pharmacist', alertBody({}, uniquePerson()));
    expect(raised.status).toBe(201);
    const caseId = raised.body.caseId as string;
    const person = await expectEventually(async () => {
      const r = await call('get', `/v1/cases/${caseId}/participants`);
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants[0].id as string;
    });
    const seat = async (body: Json) => {
      const r = await call('post', `/v1/cases/${caseId}/participants`, 'coord-nord', body);
      expect(r.status).toBe(201);
      return r.body.participant.id as string;
    };
    const nurse = await seat({ kind: 'professional', professionalId: 'pro-home-nurse', email: `n.${socialEmail}` });
    const social = await seat({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      language: 'nl',
      email: socialEmail,
      phone: '+32 470 00 00 29',
    });
    const consent = await call('post', `/v1/cases/${caseId}/consent`, 'coord-nord', {
      decision: 'granted',
      givenBy: 'person',
      scopes: [nurse, social].map((participantId) => ({
        participantId,
        dataCategories: ['meeting-details', 'case-status'],
      })),
    });
    expect(consent.status).toBe(200);
    const scheduled = await call('post', `/v1/cases/${caseId}/concertations`, 'coord-nord', {
      start: '2027-04-29T08:00:00Z',
      end: '2027-04-29T09:00:00Z',
      location: { kind: 'video' },
    });
    expect(scheduled.status).toBe(201);
    return { caseId, person, nurse, social, concertationId: scheduled.body.concertation.id as string };
  };
  const record = async (c: Awaited<ReturnType<typeof recordedCase>>, kind: 'concertation' | 'check-in') => {
    const recorded = await call('post', `/v1/concertations/${c.concertationId}/record`, 'coord-nord', {
      held: true,
      attendance: [
        { participantId: c.person, mode: 'in-person' },
        { participantId: c.nurse, mode: 'video' },
      ],
      wishes: ['Rester à la maison'],
      decisions: ['Soins à domicile'],
      actionItems: [{ kind: 'task', title: 'Home visits', owner: { participantId: c.nurse }, dueOn: '2027-05-20' }],
      referent: { participantId: c.social },
      nextReview: { on: REVIEW_ON, kind },
    });
    expect(recorded.status).toBe(201);
  };

  it('should show the review as planned, with when it will be prepared, and keep the case on the worklist by its day', async () => {
    const a = await recordedCase('social.review.a@example.test');
    const b = await recordedCase('social.review.b@example.test');
    clock.set(new Date('2027-04-29T10:00:00Z'));
    await record(a, 'concertation');
    await record(b, 'check-in');
    cases.concertation = { caseId: a.caseId, social: a.social, person: a.person };
    cases.checkIn = { caseId: b.caseId, social: b.social, person: b.person };

    const planned = await call('get', `/v1/cases/${a.caseId}/next-review`);
    expect(planned.status).toBe(200);
    expect(planned.body).toEqual({
      caseId: a.caseId,
      planned: true,
      reviewOn: REVIEW_ON,
      kind: 'concertation',
      preparedFrom: PREPARED_FROM,
      status: 'pending',
    });
    // Only the bassin's coordinators see it.
    expect((await call('get', `/v1/cases/${a.caseId}/next-review`, 'pro-home-nurse')).status).toBe(404);
    // The worklist dates the case by its review (from the start of that day in Brussels).
    await expectEventually(async () => {
      const list = await call('get', '/v1/cases?limit=100');
      const row = (list.body.items ?? list.body.cases ?? []).find((c: Json) => c.caseId === a.caseId);
      expect(row?.deadline).toBe('2027-06-14T22:00:00.000Z');
    });
  });

  it('should propose slots for the team ten working days before a review concertation', async () => {
    const { caseId } = cases.concertation;
    // The team's hours and a room of the bassin: what the slot search works from.
    for (const calendar of ['pro-home-nurse', 'pro-social-worker', cases.concertation.person]) {
      expect((await call('put', `/v1/calendars/${calendar}/weekly-hours`, 'coord-nord', WORKDAY)).status).toBe(200);
    }
    expect(
      (await call('post', '/v1/bassins/nord/rooms', 'coord-nord', { name: 'Salle Nord', capacity: 10, stepFree: true }))
        .status,
    ).toBe(201);
    clock.set(new Date('2027-05-31T20:00:00Z'));
    expect((await call('get', `/v1/cases/${caseId}/next-review`)).body.status).toBe('pending');
    clock.set(new Date('2027-06-01T07:01:00Z'));
    const prepared = await expectEventually(async () => {
      const r = await call('get', `/v1/cases/${caseId}/next-review`);
      expect(r.body.status).toBe('slots-proposed');
      return r.body as Json;
    });
    expect(prepared.slots.length).toBeGreaterThan(0);
    expect(prepared.slots.length).toBeLessThanOrEqual(5);
    for (const slot of prepared.slots) {
      expect(new Date(slot.start).getTime()).toBeGreaterThan(new Date(PREPARED_FROM).getTime());
      expect(slot.start < '2027-06-19').toBe(true);
      expect(slot.localStart).toMatch(/\+02:00$/);
    }
  });

  it('should give the referent a task to call the person for a lighter check-in, told on their channel', async () => {
    const { caseId, social } = cases.checkIn;
    const prepared = await expectEventually(async () => {
      const r = await call('get', `/v1/cases/${caseId}/next-review`);
      expect(r.body.status).toBe('check-in-task');
      return r.body as Json;
    });
    expect(prepared.slots).toEqual([]);
    const items = (await call('get', `/v1/cases/${caseId}/action-items`)).body;
    const task = (items.items ?? items.actionItems ?? items).find((i: Json) => i.id === prepared.actionItemId);
    expect(task).toMatchObject({
      kind: 'contact-person',
      status: 'open',
      dueOn: REVIEW_ON,
      owner: { participantId: social },
    });
    await expectEventually(async () =>
      // (The referent also heard on 20 May that the nurse's item was due: they follow it.)
      expect((await actionMails('social.review.b@example.test')).map((m) => m.subject)).toContain(
        'Een nieuwe actie voor u',
      ),
    );
  });
});
