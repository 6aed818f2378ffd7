import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';
import { DevMailboxSender } from '../../notifications/src/modules/invitations/infrastructure/dev-mailbox.sender.js';

const MINUTE = 60_000;
const config = { ACK_TIMEOUT_URGENT_MINUTES: '30', ACK_TIMEOUT_NORMAL_MINUTES: '240' };
const CONTACT = (id: string) => `${id}@mail.demo.concerto.brussels`;

type Json = Record<string, any>;

describe("a case's whole life: closed by hand, reopened, transferred, its bassin confirmed (embedded)", () => {
  let t: TestEngine;
  let clock: ManualClock;
  let mailbox: DevMailboxSender;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2027-04-05T08:00:00Z'));
    t = await startTestEngine({ clock, config });
    mailbox = t.engine.app.get(DevMailboxSender, { strict: false });
  });
  afterAll(() => t?.close());

  const as = async (user: string) => `Bearer ${await t.token(user)}`;
  const raise = async (reporter: string, body: Json) => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', await as(reporter))
      .send(body);
    expect(res.status).toBe(201);
    return res.body as { caseId: string; alertId: string; openedNewCase: boolean };
  };
  const get = async (caseId: string, user: string) =>
    t
      .http()
      .get(`/v1/cases/${caseId}`)
      .set('Authorization', await as(user));
  const view = async (caseId: string, user = 'lead-nord') => (await get(caseId, user)).body as Json;
  const post = async (caseId: string, action: string, user: string, body: Json = {}) =>
    t
      .http()
      .post(`/v1/cases/${caseId}/${action}`)
      .set('Authorization', await as(user))
      .send(body);
  const opened = async (person: Json, reporter = 'pro-pharmacist', overrides: Json = {}, user = 'lead-nord') => {
    const res = await raise(reporter, alertBody(overrides, person));
    await expectEventually(async () => expect((await get(res.caseId, user)).status).toBe(200));
    return res;
  };
  const ref = (caseId: string) => `C-${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  const mailsTo = async (id: string, caseId: string) =>
    (await mailbox.list()).filter((m) => m.to === CONTACT(id) && m.subject.includes(ref(caseId)));
  const outbox = (type: string, caseId: string) =>
    t.sql<{ data: Json }>(
      `SELECT "envelope"->'data' AS data FROM "cases"."outbox" WHERE "envelope"->>'type' = $1 AND "envelope"->'data'->>'caseId' = $2`,
      [type, caseId],
    );

  it('should close a case with an outcome from the list, and tell each reporter it is owned, then closed: status only', async () => {
    const person = uniquePerson();
    const first = await opened(person, 'pro-pharmacist');
    const second = await raise('pro-home-nurse', alertBody({}, person));
    expect(second.caseId).toBe(first.caseId);
    await expectEventually(async () => expect((await view(first.caseId)).signals).toHaveLength(2));

    expect((await post(first.caseId, 'acknowledge', 'coord-nord')).status).toBe(200);
    // Each reporter is told once, in their language (the pharmacist French, the nurse Dutch).
    await expectEventually(async () => {
      expect(await mailsTo('pro-pharmacist', first.caseId)).toHaveLength(1);
      expect(await mailsTo('pro-home-nurse', first.caseId)).toHaveLength(1);
    });
    const [owned] = await mailsTo('pro-pharmacist', first.caseId);
    expect(owned.language).toBe('fr');
    expect(owned.subject).toContain('prise en charge');
    const [ownedNl] = await mailsTo('pro-home-nurse', first.caseId);
    expect(ownedNl.language).toBe('nl');

    // An outcome outside the list, a multi-line or a too long reason: 400.
    for (const body of [
      { outcome: 'person-refused-help', reason: 'x' },
      { outcome: 'situation-stabilised', reason: 'line one\nline two' },
      { outcome: 'situation-stabilised', reason: 'x'.repeat(281) },
      { outcome: 'situation-stabilised' },
    ]) {
      expect((await post(first.caseId, 'close', 'coord-nord', body)).status).toBe(400);
    }
    // A reporter may not close it (403); a coordinator of another bassin does not see it (404).
    expect((await post(first.caseId, 'close', 'pro-pharmacist', { outcome: 'other', reason: 'x' })).status).toBe(403);
    expect((await post(first.caseId, 'close', 'coord-sud', { outcome: 'other', reason: 'x' })).status).toBe(404);

    const closed = await post(first.caseId, 'close', 'coord-nord', {
      outcome: 'handed-over-to-service',
      reason: 'Followed up by the home care service from now on',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      caseId: first.caseId,
      status: 'closed',
      closeOutcome: 'handed-over-to-service',
    });
    expect(await view(first.caseId)).toMatchObject({ status: 'closed', closeOutcome: 'handed-over-to-service' });
    // The event carries ids and the outcome only, never the reason.
    const [event] = await outbox('case.closed', first.caseId);
    expect(event.data).toEqual({
      caseId: first.caseId,
      bassinId: 'nord',
      closedBy: 'coord-nord',
      outcome: 'handed-over-to-service',
      reporterIds: ['pro-pharmacist', 'pro-home-nurse'],
      closedAt: expect.any(String),
    });
    expect((await post(first.caseId, 'close', 'coord-nord', { outcome: 'other', reason: 'again' })).status).toBe(409);

    await expectEventually(async () => {
      expect(await mailsTo('pro-pharmacist', first.caseId)).toHaveLength(2);
      expect(await mailsTo('pro-home-nurse', first.caseId)).toHaveLength(2);
    });
    const closedMail = (await mailsTo('pro-pharmacist', first.caseId)).find((m) => m.subject.includes('clôturé'))!;
    const raw = (await mailbox.read(closedMail.id))!.toString('utf8');
    for (const hidden of ['handed-over', 'home care', 'coord-nord', String(person.familyName), 'Simone']) {
      expect(raw).not.toContain(hidden);
    }
    // The reporter's own view says closed, nothing more.
    expect(await view(first.caseId, 'pro-pharmacist')).not.toHaveProperty('closeOutcome');
  });

  it('should never close a case nor lower its priority by itself; closing by hand stops its timers', async () => {
    const timers = (caseId: string) =>
      t.sql<{ n: string }>(
        `SELECT count(*) AS n FROM "cases"."timers" WHERE "subject_id" = $1 AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
        [caseId],
      );
    const left = await opened(uniquePerson(), 'pro-pharmacist', { type: 'suicide-risk', urgency: 'urgent' });
    const closing = await opened(uniquePerson(), 'pro-pharmacist', { type: 'suicide-risk', urgency: 'urgent' });
    expect(Number((await timers(closing.caseId))[0].n)).toBe(1);
    expect(
      (await post(closing.caseId, 'close', 'coord-nord', { outcome: 'situation-stabilised', reason: 'ok' })).status,
    ).toBe(200);
    expect(Number((await timers(closing.caseId))[0].n)).toBe(0);

    // Months pass with nobody acknowledging: it escalates up to the lead, it never closes or calms down.
    for (const level of [1, 2]) {
      clock.advance(31 * MINUTE);
      await expectEventually(async () => expect((await view(left.caseId)).escalationLevel).toBe(level));
    }
    clock.advance(90 * 24 * 60 * MINUTE);
    expect(await view(left.caseId)).toMatchObject({ status: 'escalated', urgency: 'urgent', escalationLevel: 2 });
    expect(await outbox('case.closed', left.caseId)).toHaveLength(0);
    // The closed one did not escalate either: its timers went with it.
    expect(await view(closing.caseId)).toMatchObject({ status: 'closed', escalationLevel: 0 });
    expect(await outbox('case.escalated', closing.caseId)).toHaveLength(0);
    expect((await post(left.caseId, 'reopen', 'lead-nord', { reason: 'not closed' })).status).toBe(409);
  });

  it('should reopen a closed case, and open a new linked case for a new alert about a person whose case is closed', async () => {
    const person = uniquePerson();
    const first = await opened(person);
    expect(
      (await post(first.caseId, 'close', 'coord-nord', { outcome: 'no-coordination-needed', reason: 'none' })).status,
    ).toBe(200);
    await expectEventually(async () => {
      const [row] = await t.sql<{ closed_at: Date | null }>(
        `SELECT "closed_at" FROM "alerts"."case_index" WHERE "case_id" = $1`,
        [first.caseId],
      );
      expect(row.closed_at).not.toBeNull();
    });

    const next = await raise('pro-home-nurse', alertBody({}, person));
    expect(next.caseId).not.toBe(first.caseId);
    expect(next.openedNewCase).toBe(true);
    await expectEventually(async () =>
      expect(await view(next.caseId)).toMatchObject({ status: 'opened', previousCaseId: first.caseId }),
    );
    expect(await view(first.caseId)).toMatchObject({ status: 'closed' });
    // The older case cannot be reopened beside the newer one.
    expect((await post(first.caseId, 'reopen', 'coord-nord', { reason: 'new facts' })).status).toBe(409);

    // A case with no follower reopens.
    const other = await opened(uniquePerson());
    await post(other.caseId, 'close', 'coord-nord', { outcome: 'other', reason: 'by mistake' });
    const reopened = await post(other.caseId, 'reopen', 'coord-nord', { reason: 'closed by mistake' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'opened', pendingSignals: 1 });
    expect(await view(other.caseId)).not.toHaveProperty('closedAt');
  });

  it('should transfer a case with its whole history: the new owner must acknowledge it, the old bassin loses access', async () => {
    const { caseId, alertId } = await opened(uniquePerson());
    expect((await post(caseId, 'acknowledge', 'coord-nord')).status).toBe(200);

    expect((await post(caseId, 'transfer', 'coord-nord', { toBassin: 'nord', reason: 'same' })).status).toBe(409);
    expect((await post(caseId, 'transfer', 'coord-sud', { toBassin: 'sud', reason: 'not mine' })).status).toBe(404);
    const moved = await post(caseId, 'transfer', 'coord-nord', {
      toBassin: 'sud',
      reason: 'The trusted association is in the south',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ caseId, bassinId: 'sud', referenceBassin: 'sud', ownerId: 'coord-sud' });
    expect(moved.body.pendingSignals).toBe(1);

    // The former bassin no longer sees it; the new one sees the same case, its history included.
    expect((await get(caseId, 'coord-nord')).status).toBe(404);
    expect((await get(caseId, 'lead-nord')).status).toBe(404);
    const there = await view(caseId, 'coord-sud');
    expect(there).toMatchObject({ caseId, bassinId: 'sud', status: 'opened', owner: { id: 'coord-sud' } });
    expect(there.signals.map((s: Json) => s.signalId)).toContain(alertId);
    expect(there.unacknowledgedSignals).toEqual([
      expect.objectContaining({ origin: 'transfer', acknowledgeBy: expect.any(String) }),
    ]);
    const timeline = (
      await t
        .http()
        .get(`/v1/cases/${caseId}/timeline`)
        .set('Authorization', await as('coord-sud'))
    ).body;
    expect(timeline.entries.map((e: Json) => e.kind)).toEqual(['case.opened', 'case.acknowledged', 'case.transferred']);
    const [event] = await outbox('case.transferred', caseId);
    expect(event.data).toMatchObject({
      fromBassin: 'nord',
      toBassin: 'sud',
      ownerId: 'coord-sud',
      previousOwnerId: 'coord-nord',
    });
    expect(JSON.stringify(event.data)).not.toContain('trusted association');

    // The other services follow the case: its new bassin runs the care team and reads its tasks,
    // the former one no longer does, and the new owner is paged to acknowledge the handover.
    const scheduling = async (user: string) =>
      t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set('Authorization', await as(user));
    const tasks = async (user: string) =>
      t
        .http()
        .get(`/v1/cases/${caseId}/tasks`)
        .set('Authorization', await as(user));
    await expectEventually(async () => {
      expect((await scheduling('coord-sud')).status).toBe(200);
      expect((await tasks('coord-sud')).status).toBe(200);
    });
    expect((await scheduling('coord-nord')).status).toBe(404);
    expect((await tasks('coord-nord')).status).toBe(404);
    const handover = there.unacknowledgedSignals[0].signalId as string;
    await expectEventually(async () =>
      expect(
        await t.sql(
          `SELECT "recipient_id", "bassin_id" FROM "notifications"."pages" WHERE "case_id" = $1 AND "trigger" = 'case-transferred' AND "signal_id" = $2`,
          [caseId, handover],
        ),
      ).toEqual([{ recipient_id: 'coord-sud', bassin_id: 'sud' }]),
    );

    // Nobody acknowledges: it escalates in the new bassin.
    clock.advance(241 * MINUTE);
    await expectEventually(async () =>
      expect(await view(caseId, 'lead-sud')).toMatchObject({ status: 'escalated', owner: { id: 'backup-sud' } }),
    );
    const ack = await post(caseId, 'acknowledge', 'backup-sud');
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ ownerId: 'backup-sud', pendingSignals: 0 });
  });

  it("should let the bassin's coordinator confirm or change a bassin routed by a fallback", async () => {
    const homeless = () =>
      uniquePerson({ address: undefined, birthDate: undefined, noFixedAddress: true, preferredLanguage: 'fr' });
    const { caseId } = await opened(homeless(), 'pro-pharmacist', { type: 'prison-release' }, 'lead-centre-ouest');
    expect(await view(caseId, 'lead-centre-ouest')).toMatchObject({
      bassinId: 'centre-ouest',
      bassinNeedsConfirmation: true,
      referenceBassin: 'centre-ouest',
    });
    const confirmed = await post(caseId, 'bassin/confirm', 'coord-centre-ouest');
    expect(confirmed.status).toBe(200);
    expect(await view(caseId, 'lead-centre-ouest')).toMatchObject({ bassinNeedsConfirmation: false });

    const second = await opened(homeless(), 'pro-pharmacist', { type: 'prison-release' }, 'lead-centre-ouest');
    const changed = await post(second.caseId, 'bassin/confirm', 'coord-centre-ouest', { bassinId: 'nord-est' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      bassinId: 'nord-est',
      referenceBassin: 'nord-est',
      ownerId: 'coord-nord-est',
    });
    expect((await get(second.caseId, 'coord-centre-ouest')).status).toBe(404);
    expect(await view(second.caseId, 'coord-nord-est')).toMatchObject({
      bassinNeedsConfirmation: false,
      status: 'opened',
    });
    // Filters: nothing left to confirm in the worklist for these two.
    const list = await t
      .http()
      .get('/v1/cases?needsBassinConfirmation=true')
      .set('Authorization', await as('lead-centre-ouest'));
    expect(list.body.items.map((i: Json) => i.caseId)).not.toContain(caseId);
  });

  it('should make a case inter-bassin: its bassin keeps it, and the lead of every bassin sees it', async () => {
    const { caseId } = await opened(uniquePerson());
    expect((await get(caseId, 'lead-sud')).status).toBe(404);
    // A reference bassin other than its own is a transfer, not a confirmation; unknown values are 400.
    expect((await post(caseId, 'bassin/confirm', 'coord-nord', { bassinId: 'atlantis' })).status).toBe(400);
    const inter = await post(caseId, 'bassin/confirm', 'coord-nord', { bassinId: 'inter-bassin' });
    expect(inter.status).toBe(200);
    expect(inter.body).toMatchObject({ bassinId: 'nord', referenceBassin: 'inter-bassin', ownerId: 'coord-nord' });

    expect(await view(caseId, 'lead-sud')).toMatchObject({ view: 'coordinator', referenceBassin: 'inter-bassin' });
    // Coordinators of other bassins (not leads) still do not see it.
    expect((await get(caseId, 'coord-sud')).status).toBe(404);
    const worklist = await t
      .http()
      .get('/v1/cases')
      .set('Authorization', await as('lead-sud-est'));
    expect(worklist.body.items.map((i: Json) => i.caseId)).toContain(caseId);
    const [event] = await outbox('case.bassin-confirmed', caseId);
    expect(event.data).toMatchObject({ bassinId: 'nord', referenceBassin: 'inter-bassin', confirmedBy: 'coord-nord' });

    const closedList = await post(caseId, 'close', 'coord-nord', {
      outcome: 'person-moved-out-of-region',
      reason: 'moved',
    });
    expect(closedList.status).toBe(200);
    const closed = await t
      .http()
      .get('/v1/cases?status=closed')
      .set('Authorization', await as('lead-nord'));
    expect(closed.status).toBe(200);
    expect(closed.body.items.map((i: Json) => i.caseId)).toContain(caseId);
  });
});
