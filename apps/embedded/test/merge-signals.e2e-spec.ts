import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

type Json = Record<string, any>;

const MINUTE = 60_000;
const config = { ACK_TIMEOUT_URGENT_MINUTES: '30', ACK_TIMEOUT_NORMAL_MINUTES: '240' };

/**
 * Issue 15 (gap): a merged case must not keep its own pending signals and acknowledgement timers.
 * On a merge they move to the survivor (due times and urgency kept, the survivor's urgency never
 * lowered), whose owner is paged for them and must acknowledge them; the merged case never
 * escalates or pages again. A split takes them back, with their timers, to the restored case.
 */
describe('a merge moves the pending signals to the survivor; a split takes them back (embedded)', () => {
  let t: TestEngine;
  let clock: ManualClock;
  let pharmacist: string;
  let nurse: string;
  let coordinator: string;
  let backup: string;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
    t = await startTestEngine({ clock, config });
    [pharmacist, nurse, coordinator, backup] = await Promise.all([
      t.token('pro-pharmacist'),
      t.token('pro-home-nurse'),
      t.token('coord-nord'),
      t.token('backup-nord'),
    ]);
  });
  afterAll(() => t?.close());

  const raise = async (reporter: string, person: Json, urgency: 'urgent' | 'normal') => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${reporter}`)
      .send(alertBody({ urgency }, person));
    expect(res.status).toBe(201);
    return res.body as { caseId: string; alertId: string; openedNewCase: boolean };
  };
  const view = async (caseId: string, token = coordinator) =>
    (await t.http().get(`/v1/cases/${caseId}`).set('Authorization', `Bearer ${token}`)).body as Json;
  const post = (path: string, body: Json = {}, token = coordinator) =>
    t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
  const pendingTimers = (caseId: string) =>
    t.sql<{ signal_id: string; due_at: Date }>(
      `SELECT "payload"->>'signalId' AS "signal_id", "due_at" FROM "cases"."timers"
        WHERE "subject_id" = $1 AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
      [caseId],
    );
  const pagesOf = (caseId: string) =>
    t.sql<{ recipient_id: string; trigger: string; signal_id: string }>(
      `SELECT "recipient_id","trigger","signal_id" FROM "notifications"."pages" WHERE "case_id" = $1 ORDER BY "created_at"`,
      [caseId],
    );
  /** Two cases about one person (a misspelt name) and the proposal between them, confirmed. */
  const mergedPair = async (givenName: string, misspelt: string, birthDate: string) => {
    const person = uniquePerson({ givenName, birthDate });
    const first = await raise(pharmacist, person, 'normal');
    // The survivor is acknowledged: nothing of its own is pending.
    await expectEventually(async () => expect((await view(first.caseId)).status).toBe('opened'));
    expect((await post(`/v1/cases/${first.caseId}/acknowledge`)).status).toBe(200);
    // Opened later, so the first case survives the merge.
    clock.advance(MINUTE);
    const second = await raise(nurse, { ...person, givenName: misspelt }, 'urgent');
    expect(second.openedNewCase).toBe(true);
    let matchId = '';
    await expectEventually(async () => {
      const match = (await view(second.caseId)).possibleMatches?.find((m: Json) => m.otherCaseId === first.caseId);
      expect(match).toBeDefined();
      matchId = match.matchId;
    });
    const secondDue = (await view(second.caseId)).unacknowledgedSignals[0].acknowledgeBy as string;
    // The opening page of the second case has been recorded before the merge.
    await expectEventually(async () => expect((await pagesOf(second.caseId)).length).toBeGreaterThan(0));
    const confirmed = await post(`/v1/cases/${second.caseId}/possible-matches/${matchId}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ caseId: first.caseId, mergedCaseId: second.caseId });
    return { survivor: first, merged: second, secondDue };
  };

  it('should move the merged case’s pending signal to the survivor, page its owner, escalate there only, and be acknowledged there', async () => {
    const { survivor, merged, secondDue } = await mergedPair('Vandamme', 'Vandame', '1971-02-03');

    // The survivor holds the pending signal, same due time; it became urgent (never lowered).
    const a = await view(survivor.caseId);
    expect(a.urgency).toBe('urgent');
    expect(a.unacknowledgedSignals).toEqual([
      expect.objectContaining({ signalId: merged.alertId, urgency: 'urgent', acknowledgeBy: secondDue }),
    ]);
    // Listed once (the survivor's view shows each signal once).
    expect(a.signals.filter((s: Json) => s.signalId === merged.alertId)).toHaveLength(1);
    expect(a.acknowledgeBy).toBe(secondDue);
    // The merged case has nothing pending and no timer left; the survivor has the signal's timer.
    expect((await view(merged.caseId)).unacknowledgedSignals).toEqual([]);
    expect(await pendingTimers(merged.caseId)).toEqual([]);
    expect((await pendingTimers(survivor.caseId)).map((r) => [r.signal_id, new Date(r.due_at).toISOString()])).toEqual([
      [merged.alertId, secondDue],
    ]);
    // The survivor's owner is paged for the moved signal; paging knows the merged case is merged.
    await expectEventually(async () =>
      expect(await pagesOf(survivor.caseId)).toEqual(
        expect.arrayContaining([{ recipient_id: 'coord-nord', trigger: 'urgent-signal', signal_id: merged.alertId }]),
      ),
    );
    await expectEventually(async () => {
      const [row] = await t.sql<{ merged_into: string | null }>(
        `SELECT "merged_into" FROM "notifications"."paged_cases" WHERE "case_id" = $1`,
        [merged.caseId],
      );
      expect(row?.merged_into).toBe(survivor.caseId);
    });
    const timeline = (
      await t.http().get(`/v1/cases/${survivor.caseId}/timeline`).set('Authorization', `Bearer ${coordinator}`)
    ).body as Json;
    expect(timeline.entries.map((e: Json) => e.kind)).toEqual(
      expect.arrayContaining(['case.merged', 'case.signals-moved-out', 'case.signals-moved-in']),
    );

    // The urgent window runs out: the survivor escalates to the backup; the merged case never does.
    const pagesOfMergedBefore = (await pagesOf(merged.caseId)).length;
    clock.advance(31 * MINUTE);
    await expectEventually(async () =>
      expect(await view(survivor.caseId)).toMatchObject({
        status: 'escalated',
        escalationLevel: 1,
        owner: { id: 'backup-nord' },
      }),
    );
    await expectEventually(async () =>
      expect(await pagesOf(survivor.caseId)).toEqual(
        expect.arrayContaining([{ recipient_id: 'backup-nord', trigger: 'case-escalated', signal_id: merged.alertId }]),
      ),
    );
    expect(await view(merged.caseId)).toMatchObject({ escalationLevel: 0 });
    expect((await view(merged.caseId)).status).not.toBe('escalated');
    expect(await pagesOf(merged.caseId)).toHaveLength(pagesOfMergedBefore);

    // The survivor's owner acknowledges the moved signal there; the merged case has nothing to acknowledge.
    expect((await post(`/v1/cases/${merged.caseId}/acknowledge`, {}, backup)).status).toBe(409);
    const ack = await post(`/v1/cases/${survivor.caseId}/acknowledge`, { signalIds: [merged.alertId] }, backup);
    expect(ack.status).toBe(200);
    expect((await view(survivor.caseId)).unacknowledgedSignals).toEqual([]);
    expect(await pendingTimers(survivor.caseId)).toEqual([]);
  });

  it('should give the signals back on a split: the pending one escalates on the restored case, not on the survivor', async () => {
    const { survivor, merged, secondDue } = await mergedPair('Claessens', 'Claesens', '1972-03-04');
    expect(await pendingTimers(merged.caseId)).toEqual([]);

    const split = await post(`/v1/cases/${survivor.caseId}/split`, { mergedCaseId: merged.caseId });
    expect(split.status).toBe(200);
    const b = await view(merged.caseId);
    expect(b.unacknowledgedSignals).toEqual([
      expect.objectContaining({ signalId: merged.alertId, acknowledgeBy: secondDue }),
    ]);
    expect((await view(survivor.caseId)).unacknowledgedSignals).toEqual([]);
    expect((await view(survivor.caseId)).signals.map((s: Json) => s.signalId)).not.toContain(merged.alertId);
    expect(await pendingTimers(survivor.caseId)).toEqual([]);
    expect((await pendingTimers(merged.caseId)).map((r) => r.signal_id)).toEqual([merged.alertId]);
    await expectEventually(async () => {
      const [row] = await t.sql<{ merged_into: string | null }>(
        `SELECT "merged_into" FROM "notifications"."paged_cases" WHERE "case_id" = $1`,
        [merged.caseId],
      );
      expect(row?.merged_into).toBeNull();
    });

    clock.advance(31 * MINUTE);
    await expectEventually(async () =>
      expect(await view(merged.caseId)).toMatchObject({ status: 'escalated', escalationLevel: 1 }),
    );
    expect(await view(survivor.caseId)).toMatchObject({ status: 'acknowledged', escalationLevel: 0 });
    const ack = await post(`/v1/cases/${merged.caseId}/acknowledge`, { signalIds: [merged.alertId] }, backup);
    expect(ack.status).toBe(200);
  });
});
