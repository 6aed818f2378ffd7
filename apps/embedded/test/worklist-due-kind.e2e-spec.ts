import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

type Json = Record<string, any>;

// Wednesday 28 April 2027; the record (29 April) plans the review on Tuesday 15 June, which the worklist
// dates from the start of that day in Brussels.
const clock = new ManualClock(new Date('2027-04-28T08:00:00Z'));
const REVIEW_AT = '2027-06-14T22:00:00.000Z';

/**
 * Issue 17, point 4: the next review appears on the coordinator's worklist ahead of time, and the row
 * says it is a review (not a bare date): `dueKind` names what the row's due time is.
 */
describe('the worklist says what is due: acknowledgement, deadline or review (embedded)', () => {
  let t: TestEngine;

  beforeAll(async () => {
    t = await startTestEngine({ clock });
  });
  afterAll(() => t?.close());

  const call = async (method: 'get' | 'post', path: string, user = 'coord-nord', body?: Json) => {
    const http = t.http();
    const req = http[method](path).set('Authorization', `Bearer ${await t.token(user)}`);
    return body === undefined ? req : req.send(body);
  };
  const row = async (caseId: string) => {
    const list = await call('get', '/v1/cases?limit=100');
    expect(list.status).toBe(200);
    return (list.body.items as Json[]).find((c) => c.caseId === caseId);
  };

  let caseId: string;

  it('should say a new case is due for acknowledgement', async () => {
    const raised = await call('post', '/v1/alerts', 'pro-pharmacist', alertBody({}, uniquePerson()));
    expect(raised.status).toBe(201);
    caseId = raised.body.caseId as string;
    const item = await expectEventually(async () => {
      const r = await row(caseId);
      expect(r?.dueKind).toBe('acknowledgement');
      return r as Json;
    });
    expect(item.dueAt).toBe(item.nextAcknowledgementDue);
  });

  it('should say the review is due, on its day, once a held record planned it and it is the earliest', async () => {
    expect((await call('post', `/v1/cases/${caseId}/acknowledge`, 'coord-nord', {})).status).toBe(200);
    await expectEventually(async () => expect((await row(caseId))?.dueKind).toBeNull());
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
    const nurse = await seat({ kind: 'professional', professionalId: 'pro-home-nurse', email: 'n.due@example.test' });
    const social = await seat({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      email: 'social.due@example.test',
      phone: '+32 470 00 00 31',
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
    // The meeting took place: the record is written after it.
    clock.set(new Date('2027-04-29T10:00:00Z'));
    const recorded = await call('post', `/v1/concertations/${scheduled.body.concertation.id}/record`, 'coord-nord', {
      held: true,
      attendance: [
        { participantId: person, mode: 'in-person' },
        { participantId: nurse, mode: 'video' },
      ],
      wishes: ['Rester à la maison'],
      decisions: ['Soins à domicile'],
      actionItems: [{ kind: 'task', title: 'Home visits', owner: { participantId: nurse }, dueOn: '2027-05-20' }],
      referent: { participantId: social },
      nextReview: { on: '2027-06-15', kind: 'concertation' },
    });
    expect({ status: recorded.status, body: recorded.body }).toMatchObject({ status: 201 });

    await expectEventually(async () =>
      expect(await row(caseId)).toMatchObject({ dueKind: 'review', dueAt: REVIEW_AT }),
    );
  });

  it('should say a hard deadline is due when it comes before the review, and the review again once that deadline has passed', async () => {
    const set = await call('post', `/v1/cases/${caseId}/deadlines`, 'coord-nord', {
      kind: 'administrative',
      dueAt: '2027-05-20T10:00:00Z',
    });
    expect(set.status).toBe(201);
    await expectEventually(async () =>
      expect(await row(caseId)).toMatchObject({ dueKind: 'deadline', dueAt: '2027-05-20T10:00:00.000Z' }),
    );
    // Once that day has gone by, the review is the next thing due again.
    clock.set(new Date('2027-05-21T08:00:00Z'));
    await expectEventually(async () =>
      expect(await row(caseId)).toMatchObject({ dueKind: 'review', dueAt: REVIEW_AT }),
    );
  });
});
