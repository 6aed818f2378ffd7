import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';
import { InvitationCardsService } from '../../scheduling/src/modules/concertations/interface/in-process/invitation-cards.service.js';

type Json = Record<string, any>;

// Wednesday 28 April 2027, 10:00 in Brussels.
const clock = new ManualClock(new Date('2027-04-28T08:00:00Z'));

/**
 * Issue 16/17 gaps: a case's meetings and date polls listed, a poll's answers read back and its
 * date chosen by the coordinator, and whom an action item's owner may hand it over to (embedded).
 */
describe("a case's meetings, its date polls and an owner's hand-over (embedded)", () => {
  let t: TestEngine;
  let caseId: string;
  const team: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    const raised = await call('post', '/v1/alerts', 'pro-pharmacist', alertBody());
    expect(raised.status).toBe(201);
    caseId = raised.body.caseId;
    const seated = await expectEventually(async () => {
      const r = await call('get', `/v1/cases/${caseId}/participants`);
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants as Json[];
    });
    team.person = seated[0].id;
    const add = async (body: Json) => {
      const r = await call('post', `/v1/cases/${caseId}/participants`, 'coord-nord', body);
      expect(r.status).toBe(201);
      return r.body.participant.id as string;
    };
    team.nurse = await add({ kind: 'professional', professionalId: 'pro-home-nurse', email: 'nurse@example.test' });
    team.social = await add({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      email: 'social@example.test',
    });
    // The nurse may see the care team; the social worker only the meeting details.
    const consent = await call('post', `/v1/cases/${caseId}/consent`, 'coord-nord', {
      decision: 'granted',
      givenBy: 'person',
      scopes: [
        { participantId: team.person, dataCategories: ['meeting-details', 'case-status'] },
        { participantId: team.nurse, dataCategories: ['meeting-details', 'care-team'] },
        { participantId: team.social, dataCategories: ['meeting-details'] },
      ],
    });
    expect(consent.status).toBe(200);
  });
  afterAll(() => t?.close());

  async function call(method: 'get' | 'post', path: string, user = 'coord-nord', body?: Json) {
    const http = t.http();
    const req = http[method](path).set('Authorization', `Bearer ${await t.token(user)}`);
    return body === undefined ? req : req.send(body);
  }
  const audited = (actor: string, purpose: string, outcome: string) =>
    t.sql<{ n: string }>(
      `SELECT count(*) AS "n" FROM "scheduling"."audit_log" WHERE "actor_id" = $1 AND "purpose" = $2 AND "outcome" = $3 AND "subject_id" = $4`,
      [actor, purpose, outcome, caseId],
    );

  it("should list the case's meetings with their status and answers counted, for its coordinators only", async () => {
    const schedule = async (start: string, end: string) => {
      const r = await call('post', `/v1/cases/${caseId}/concertations`, 'coord-nord', {
        start,
        end,
        location: { kind: 'video' },
      });
      expect(r.status).toBe(201);
      return r.body.concertation as Json;
    };
    const first = await schedule('2027-04-28T12:00:00Z', '2027-04-28T13:00:00Z');
    const moved = await schedule('2027-04-29T08:00:00Z', '2027-04-29T09:00:00Z');
    const cancelled = await schedule('2027-04-29T12:00:00Z', '2027-04-29T13:00:00Z');
    expect(
      (
        await call('post', `/v1/concertations/${moved.id}/reschedule`, 'coord-nord', {
          start: '2027-04-29T10:00:00Z',
          end: '2027-04-29T11:00:00Z',
          location: { kind: 'phone' },
        })
      ).status,
    ).toBe(200);
    expect((await call('post', `/v1/concertations/${cancelled.id}/cancel`)).status).toBe(200);
    const invitation = (first.invitations as Json[]).find((i) => i.participantId === team.nurse)!;
    expect(
      (
        await call('post', `/v1/concertations/${first.id}/invitations/${invitation.id}/answer`, 'coord-nord', {
          answer: 'accepted',
          channel: 'phone',
        })
      ).status,
    ).toBe(200);
    clock.set(new Date('2027-04-28T14:00:00Z'));
    expect((await call('post', `/v1/concertations/${first.id}/record`, 'coord-nord', { held: false })).status).toBe(
      201,
    );

    const r = await call('get', `/v1/cases/${caseId}/concertations`);
    expect(r.status).toBe(200);
    expect(r.body.concertations).toEqual([
      expect.objectContaining({ id: cancelled.id, status: 'cancelled' }),
      expect.objectContaining({
        id: moved.id,
        status: 'moved',
        start: '2027-04-29T10:00:00.000Z',
        end: '2027-04-29T11:00:00.000Z',
        location: { kind: 'phone' },
        sequence: 1,
      }),
      {
        id: first.id,
        status: 'not-held',
        start: '2027-04-28T12:00:00.000Z',
        end: '2027-04-28T13:00:00.000Z',
        location: { kind: 'video' },
        sequence: 0,
        answers: { invited: 3, accepted: 1, declined: 0, writtenInput: 0, waiting: 2 },
      },
    ]);
    // No names or contacts in the list: the meeting's own page has them.
    expect(JSON.stringify(r.body)).not.toMatch(/Simone|example\.test|pro-home-nurse/);
    expect(Number((await audited('coord-nord', 'read-concertation', 'allowed'))[0].n)).toBeGreaterThanOrEqual(1);

    // Another bassin's coordinator, a volunteer, the reporter: the case does not exist for them.
    for (const user of ['coord-sud', 'vol-ldc', 'pro-pharmacist', 'pro-home-nurse']) {
      expect((await call('get', `/v1/cases/${caseId}/concertations`, user)).status).toBe(404);
    }
    expect(Number((await audited('coord-sud', 'read-concertation', 'denied'))[0].n)).toBe(1);
  });

  it("should read a poll's answers back per date and let the coordinator choose the date", async () => {
    const opened = await call('post', `/v1/cases/${caseId}/concertations/polls`, 'coord-nord', {
      options: [
        { start: '2027-04-30T08:00:00Z', end: '2027-04-30T09:00:00Z' },
        { start: '2027-04-30T12:00:00Z', end: '2027-04-30T13:00:00Z' },
      ],
      closesAt: '2027-04-29T18:00:00Z',
      location: { kind: 'video' },
    });
    expect(opened.status).toBe(201);
    const pollId: string = opened.body.id;
    const cards = t.engine.app.get(InvitationCardsService, { strict: false });
    const answer = async (participantId: string, answers: string[]) => {
      const inv = (opened.body.invitations as Json[]).find((i) => i.participantId === participantId)!;
      const token = (await cards.pollCard(inv.id))!.answerUrl.split('/p/')[1];
      expect((await t.http().post(`/v1/polls/answers/${token}`).send({ answers })).status).toBe(200);
    };
    await answer(team.person, ['yes', 'if-need-be']);
    await answer(team.nurse, ['no', 'yes']);

    const read = await call('get', `/v1/polls/${pollId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: pollId,
      status: 'open',
      concertationId: null,
      tally: [
        { start: '2027-04-30T08:00:00.000Z', yes: 1, ifNeedBe: 0, no: 1, silent: 1 },
        { start: '2027-04-30T12:00:00.000Z', yes: 1, ifNeedBe: 1, no: 0, silent: 1 },
      ],
    });
    expect(read.body.invitees).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ participantId: team.nurse, answers: ['no', 'yes'] }),
        expect.objectContaining({ participantId: team.social, answers: null }),
      ]),
    );
    const listed = await call('get', `/v1/cases/${caseId}/concertations/polls`);
    expect(listed.body.polls).toEqual([
      expect.objectContaining({ id: pollId, status: 'open', invited: 3, answered: 2, concertationId: null }),
    ]);
    for (const user of ['coord-sud', 'vol-ldc', 'pro-home-nurse']) {
      expect((await call('get', `/v1/polls/${pollId}`, user)).status).toBe(404);
      expect((await call('get', `/v1/cases/${caseId}/concertations/polls`, user)).status).toBe(404);
      expect((await call('post', `/v1/polls/${pollId}/choice`, user, { option: 0 })).status).toBe(404);
    }
    expect(Number((await audited('coord-sud', 'read-date-poll', 'denied'))[0].n)).toBeGreaterThanOrEqual(1);
    expect((await call('post', `/v1/polls/${pollId}/choice`, 'coord-nord', { option: 2 })).status).toBeGreaterThan(399);
    expect((await call('post', `/v1/polls/${pollId}/choice`, 'coord-nord', { option: 'first' })).status).toBe(400);

    // The rules would pick the second date; the coordinator, having phoned the nurse, picks the first.
    const chosen = await call('post', `/v1/polls/${pollId}/choice`, 'coord-nord', { option: 0 });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ status: 'closed', outcome: { chosenOption: 0, chosenByCoordinator: true } });
    const concertationId: string = chosen.body.concertationId;
    const meeting = await call('get', `/v1/concertations/${concertationId}`);
    expect(meeting.body).toMatchObject({ start: '2027-04-30T08:00:00.000Z', status: 'scheduled' });
    expect((await call('post', `/v1/polls/${pollId}/choice`, 'coord-nord', { option: 1 })).status).toBe(409);
    expect((await call('get', `/v1/cases/${caseId}/concertations/polls`)).body.polls[0]).toMatchObject({
      status: 'closed',
      chosenStart: '2027-04-30T08:00:00.000Z',
      concertationId,
    });
    expect(
      (await call('get', `/v1/cases/${caseId}/concertations`)).body.concertations.map((c: Json) => c.id),
    ).toContain(concertationId);
    // Access is checked (and audited) before the choice itself: the unknown date, the choice, the second one.
    expect(Number((await audited('coord-nord', 'choose-date-poll-option', 'allowed'))[0].n)).toBe(3);
  });

  it('should show the owner whom they may hand an item over to, within the consent, and hand it over', async () => {
    const opened = await call('post', `/v1/cases/${caseId}/action-items`, 'coord-nord', {
      kind: 'task',
      title: 'Ask for home help hours',
      owner: { participantId: team.nurse },
      dueOn: '2027-05-12',
    });
    expect(opened.status).toBe(201);
    const itemId: string = opened.body.id;

    const candidates = await call('get', `/v1/action-items/${itemId}/hand-over-candidates`, 'pro-home-nurse');
    expect(candidates.status).toBe(200);
    expect(candidates.body.teamShared).toBe(true);
    // Names and roles only: no contact, not the person, not the nurse herself.
    expect(candidates.body.participants).toEqual([
      expect.objectContaining({ participantId: team.social, kind: 'professional' }),
    ]);
    expect(JSON.stringify(candidates.body)).not.toMatch(/example\.test|Simone|contact/);
    expect(Number((await audited('pro-home-nurse', 'list-hand-over-candidates', 'allowed'))[0].n)).toBe(1);

    for (const user of ['coord-sud', 'vol-ldc', 'pro-social-worker', 'pro-gp']) {
      expect((await call('get', `/v1/action-items/${itemId}/hand-over-candidates`, user)).status).toBe(404);
    }
    expect(Number((await audited('coord-sud', 'list-hand-over-candidates', 'denied'))[0].n)).toBe(1);
    expect((await call('get', `/v1/action-items/${itemId}/hand-over-candidates`, 'coord-nord')).status).toBe(200);

    const handed = await call('post', `/v1/action-items/${itemId}/hand-over`, 'pro-home-nurse', {
      owner: { participantId: team.social },
    });
    expect(handed.status).toBe(200);
    expect((await call('get', '/v1/action-items/mine', 'pro-social-worker')).body.items).toEqual([
      expect.objectContaining({ id: itemId }),
    ]);
    // The consent does not share the care team with the social worker: she sees no names.
    const hers = await call('get', `/v1/action-items/${itemId}/hand-over-candidates`, 'pro-social-worker');
    expect(hers.body).toEqual({ teamShared: false, participants: [], organisations: [] });
    // The new owner is told (notifications consume this event).
    const [event] = await t.sql<{ n: string }>(
      `SELECT count(*) AS "n" FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'action.handed-over' AND "envelope"->>'data' LIKE $1`,
      [`%${itemId}%`],
    );
    expect(Number(event.n)).toBe(1);
  });
});
