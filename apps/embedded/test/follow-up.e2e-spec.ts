import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';
import { DevMailboxSender } from '../../notifications/src/modules/invitations/infrastructure/dev-mailbox.sender.js';

type Json = Record<string, any>;

// Wednesday 28 April 2027. The home nurse's item is due Wednesday 5 May; Ascension (Thursday 6 May)
// falls in its grace period of three working days, so it escalates on Tuesday 11 May, not Monday 10.
const clock = new ManualClock(new Date('2027-04-28T08:00:00Z'));

describe("after the meeting: Simone's record, action items followed up to the case's close (embedded)", () => {
  let t: TestEngine;
  let mailbox: DevMailboxSender;
  let caseId: string;
  let concertationId: string;
  const team: Record<string, string> = {};
  const items: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    mailbox = t.engine.app.get(DevMailboxSender, { strict: false });
  });
  afterAll(() => t?.close());

  const as = async (user: string) => `Bearer ${await t.token(user)}`;
  const call = async (method: 'get' | 'post' | 'put', path: string, user = 'coord-nord', body?: Json) => {
    const http = t.http();
    const req = http[method](path).set('Authorization', await as(user));
    return body === undefined ? req : req.send(body);
  };
  const outbox = (type: string, subject: string) =>
    t.sql<{ data: Json }>(
      `SELECT "envelope"->'data' AS data FROM "scheduling"."outbox" WHERE "envelope"->>'type' = $1 AND "envelope"->>'data' LIKE $2 ORDER BY "seq"`,
      [type, `%${subject}%`],
    );

  it('should refuse to mark the meeting held without the fields R09 asks, naming them', async () => {
    const raised = await call('post', '/v1/alerts', 'pro-pharmacist', alertBody());
    expect(raised.status).toBe(201);
    caseId = raised.body.caseId;
    const seated = await expectEventually(async () => {
      const r = await call('get', `/v1/cases/${caseId}/participants`);
      expect(r.status).toBe(200);
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
    team.gp = await add({ kind: 'professional', professionalId: 'pro-gp', email: 'gp@example.test' });
    team.social = await add({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      email: 'social@example.test',
      phone: '+32 470 00 00 09',
    });
    const consent = await call('post', `/v1/cases/${caseId}/consent`, 'coord-nord', {
      decision: 'granted',
      givenBy: 'person',
      scopes: Object.values(team).map((participantId) => ({
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
    concertationId = scheduled.body.concertation.id;

    expect((await call('get', `/v1/concertations/${concertationId}/record`)).body).toEqual({
      concertationId,
      caseId,
      recorded: false,
    });
    // Before it starts, it cannot have been held.
    expect(
      (await call('post', `/v1/concertations/${concertationId}/record`, 'coord-nord', { held: true })).status,
    ).toBe(409);
    clock.set(new Date('2027-04-29T10:00:00Z'));
    const bare = await call('post', `/v1/concertations/${concertationId}/record`, 'coord-nord', {
      held: true,
      wishes: ['Ik wil thuis blijven wonen'],
    });
    expect(bare.status).toBe(422);
    expect(bare.body).toMatchObject({
      missing: ['attendance', 'decisions', 'actionItems', 'referent', 'nextReview'],
    });
    // A referent without a phone (R10), an owner off the team, two owners at once: 422 each.
    const base = record();
    for (const body of [
      { ...base, referent: { participantId: team.nurse } },
      { ...base, actionItems: [{ ...base.actionItems[0], owner: { participantId: caseId } }] },
      {
        ...base,
        actionItems: [{ ...base.actionItems[0], owner: { participantId: team.nurse, organisationId: 'org-cpas' } }],
      },
    ]) {
      expect((await call('post', `/v1/concertations/${concertationId}/record`, 'coord-nord', body)).status).toBe(422);
    }
    // Clinical free text has no field to go in; lines and overlong items are refused at the edge.
    for (const body of [
      { ...base, notes: 'diagnosis' },
      { ...base, decisions: ['one\ntwo'] },
      { ...base, wishes: ['x'.repeat(201)] },
    ]) {
      expect((await call('post', `/v1/concertations/${concertationId}/record`, 'coord-nord', body)).status).toBe(400);
    }
    // Someone from another bassin does not see it.
    expect((await call('post', `/v1/concertations/${concertationId}/record`, 'coord-sud', base)).status).toBe(404);
  });

  const record = () => ({
    held: true,
    attendance: [
      { participantId: team.person, mode: 'in-person' },
      { participantId: team.nurse, mode: 'phone' },
      { participantId: team.gp, mode: 'written-input' },
      { participantId: team.social, mode: 'video' },
    ],
    wishes: ['Ik wil thuis blijven wonen'],
    decisions: ['Thuisverpleging twee keer per week', 'Doorverwijzing naar het dagcentrum'],
    actionItems: [
      { kind: 'task', title: 'Start home nursing visits', owner: { participantId: team.nurse }, dueOn: '2027-05-05' },
      { kind: 'referral', title: 'Refer to the day centre', owner: { participantId: team.gp }, dueOn: '2027-05-12' },
    ],
    referent: { participantId: team.social },
    nextReview: { on: '2027-06-15', kind: 'concertation' },
  });

  it("should record Simone's concertation held: wishes, decisions, owned items, referent and next review", async () => {
    const r = await call('post', `/v1/concertations/${concertationId}/record`, 'coord-nord', record());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      held: true,
      version: 1,
      locked: false,
      locksOn: '2027-05-06',
      referent: { participantId: team.social },
      nextReview: { on: '2027-06-15', kind: 'concertation' },
      previousVersions: [],
    });
    expect(r.body.actionItems).toHaveLength(2);
    for (const i of r.body.actionItems) {
      items[i.kind === 'task' ? 'nurse' : 'referral'] = i.id;
    }
    expect((await call('post', `/v1/concertations/${concertationId}/record`, 'coord-nord', record())).status).toBe(409);

    const [recorded] = await outbox('concertation.recorded', concertationId);
    expect(recorded.data).toMatchObject({ held: true, version: 1, referentParticipantId: team.social });
    // Events carry ids, days and enums: no wishes, decisions or titles.
    expect(JSON.stringify(recorded.data)).not.toMatch(/thuis|Thuis|nursing|day centre/);
    const opened = await outbox('action.opened', caseId);
    expect(opened.map((e) => e.data.itemId).sort()).toEqual([items.nurse, items.referral].sort());
    expect(JSON.stringify(opened)).not.toMatch(/nursing|day centre/);

    // The next review reaches the coordinator's worklist as the case's next dated item (start of its day in Brussels).
    await expectEventually(async () => {
      const worklist = await call('get', '/v1/cases?limit=50');
      expect(worklist.body.items.find((i: Json) => i.caseId === caseId)).toMatchObject({
        deadline: '2027-06-14T22:00:00.000Z',
      });
    });
    // Amended within the lock delay: a new version, the previous one kept.
    const amended = await call('put', `/v1/concertations/${concertationId}/record`, 'coord-nord', {
      ...record(),
      actionItems: [],
      decisions: ['Thuisverpleging drie keer per week', 'Doorverwijzing naar het dagcentrum'],
    });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ version: 2, previousVersions: [{ version: 1, amendedBy: 'coord-nord' }] });
    expect(amended.body.actionItems).toHaveLength(2);
  });

  it('should remind the home nurse before and on the due date, then escalate after three working days (Ascension skipped)', async () => {
    const reminders = async () => (await outbox('action.reminder-due', items.nurse)).map((e) => e.data);
    clock.set(new Date('2027-05-03T07:01:00Z')); // Monday, two days before, 09:01 in Brussels
    await expectEventually(async () => expect((await reminders()).map((r) => r.step)).toEqual(['before-due']));
    clock.set(new Date('2027-05-05T07:01:00Z'));
    await expectEventually(async () => expect((await reminders()).map((r) => r.step)).toEqual(['before-due', 'due']));
    // On the due date the referent is reminded too.
    expect((await reminders())[1]).toMatchObject({
      owner: { participantId: team.nurse },
      referentParticipantId: team.social,
    });

    // Monday 10 May: the referral's own reminder fires (a witness that the sweep ran), the nurse's item is not escalated yet.
    clock.set(new Date('2027-05-10T08:00:00Z'));
    await expectEventually(async () => expect((await outbox('action.reminder-due', items.referral)).length).toBe(1));
    expect(await outbox('action.escalated', items.nurse)).toEqual([]);
    clock.set(new Date('2027-05-11T07:01:00Z'));
    await expectEventually(async () =>
      expect((await outbox('action.escalated', items.nurse)).map((e) => e.data)).toEqual([
        expect.objectContaining({ itemId: items.nurse, dueOn: '2027-05-05', graceWorkingDays: 3 }),
      ]),
    );
    const list = await call('get', `/v1/cases/${caseId}/action-items`);
    expect(list.body.items.find((i: Json) => i.id === items.nurse)).toMatchObject({ status: 'open', escalated: true });

    // The owner acts on their item; someone else is told it does not exist. Marked done, its timer goes.
    expect((await call('post', `/v1/action-items/${items.nurse}/done`, 'pro-gp')).status).toBe(404);
    expect(
      (await call('post', `/v1/action-items/${items.nurse}/blocked`, 'pro-home-nurse', { reason: 'tired' })).status,
    ).toBe(400);
    const blocked = await call('post', `/v1/action-items/${items.nurse}/blocked`, 'pro-home-nurse', {
      reason: 'service-saturated',
    });
    expect(blocked.body).toMatchObject({ status: 'blocked', blockedReason: 'service-saturated' });
    const done = await call('post', `/v1/action-items/${items.nurse}/done`, 'pro-home-nurse');
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    const live = await t.sql(
      `SELECT 1 FROM "scheduling"."timers" WHERE "subject_id" = $1 AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
      [items.nurse],
    );
    expect(live).toEqual([]);
  });

  it('should close the referral only once the referent confirms the person was received', async () => {
    const done = await call('post', `/v1/action-items/${items.referral}/done`, 'pro-gp');
    expect(done.body.status).toBe('awaiting-confirmation');
    // The GP is not the referent.
    expect((await call('post', `/v1/action-items/${items.referral}/confirm-received`, 'pro-gp')).status).toBe(404);
    // Not closable while the referral waits.
    await expectEventually(async () => {
      const refused = await call('post', `/v1/cases/${caseId}/close`, 'coord-nord', {
        outcome: 'situation-stabilised',
        reason: 'Followed up at home',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.type).toContain('open-action-items');
    });
    const confirmed = await call('post', `/v1/action-items/${items.referral}/confirm-received`, 'pro-social-worker');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('received');
    expect(
      (await call('post', `/v1/action-items/${items.referral}/confirm-received`, 'pro-social-worker')).status,
    ).toBe(409);
  });

  it('should open a deadline task, and raise a task for the referent to contact the person when it is missed', async () => {
    const r = await call('post', `/v1/cases/${caseId}/action-items`, 'coord-nord', {
      kind: 'deadline',
      title: 'Sign the CPAS documents',
      owner: { organisationId: 'org-cpas' },
      dueOn: '2027-05-12',
    });
    expect(r.status).toBe(201);
    const deadline = r.body.id as string;
    clock.set(new Date('2027-05-13T07:01:00Z')); // the next working day, 09:01
    const followUp = await expectEventually(async () => {
      const list = (await call('get', `/v1/cases/${caseId}/action-items`)).body.items as Json[];
      const raised = list.find((i) => i.kind === 'contact-person');
      expect(raised).toMatchObject({ owner: { participantId: team.social }, status: 'open' });
      expect(list.find((i) => i.id === deadline)).toMatchObject({ followUpItemId: raised!.id });
      return raised!;
    });
    for (const id of [deadline, followUp.id]) {
      expect((await call('post', `/v1/action-items/${id}/done`)).status).toBe(200);
    }
  });

  it('should close the case with nothing left open, tell the first reporter, and sum it up by reference', async () => {
    const summary = await call('get', `/v1/cases/${caseId}/exit-summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      steps: { opened: 4, closed: 4, pending: 0 },
      records: [{ concertationId, held: true, version: 2, href: `/v1/concertations/${concertationId}/record` }],
    });
    expect(JSON.stringify(summary.body)).not.toMatch(/thuis|Thuis|dagcentrum/);
    const closed = await expectEventually(async () => {
      const res = await call('post', `/v1/cases/${caseId}/close`, 'coord-nord', {
        outcome: 'situation-stabilised',
        reason: 'Followed up at home',
      });
      expect(res.status).toBe(200);
      return res;
    });
    expect(closed.body.status).toBe('closed');
    await expectEventually(async () => {
      const mails = (await mailbox.list()).filter(
        (m) => m.to === 'pro-pharmacist@mail.demo.concerto.brussels' && m.subject.includes('clôturé'),
      );
      expect(mails).toHaveLength(1);
    });
  });

  it('should close a case with items left open only with a reason, and withdraw them so nobody is reminded', async () => {
    const raised = await call('post', '/v1/alerts', 'pro-pharmacist', alertBody({}, uniquePerson()));
    const other = raised.body.caseId as string;
    await expectEventually(async () => expect((await call('get', `/v1/cases/${other}/participants`)).status).toBe(200));
    const item = await call('post', `/v1/cases/${other}/action-items`, 'coord-nord', {
      kind: 'task',
      title: 'Ask for a home help',
      owner: { organisationId: 'org-home-help' },
      dueOn: '2027-06-30',
    });
    expect(item.status).toBe(201);
    const close = (body: Json) => call('post', `/v1/cases/${other}/close`, 'coord-nord', body);
    await expectEventually(async () =>
      expect((await close({ outcome: 'other', reason: 'Moved abroad' })).status).toBe(409),
    );
    const closed = await close({
      outcome: 'other',
      reason: 'Moved abroad',
      openItemsOverride: 'Nobody left to help here',
    });
    expect(closed.status).toBe(200);
    await expectEventually(async () => {
      const [listed] = (await call('get', `/v1/cases/${other}/action-items`)).body.items as Json[];
      expect(listed.status).toBe('withdrawn');
    });
    const live = await t.sql(
      `SELECT 1 FROM "scheduling"."timers" WHERE "subject_id" = $1 AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
      [item.body.id],
    );
    expect(live).toEqual([]);
  });
});
