import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

const MINUTE = 60_000;
// Short, distinct windows so the test can tell which one applied.
const config = { ACK_TIMEOUT_URGENT_MINUTES: '30', ACK_TIMEOUT_NORMAL_MINUTES: '240' };

describe('acknowledgement deadline and escalation (embedded, injectable clock)', () => {
  let t: TestEngine;
  let clock: ManualClock;
  let reporter: string;
  let coordinator: string;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-11-20T09:00:00Z'));
    t = await startTestEngine({ clock, config });
    [reporter, coordinator] = await Promise.all([t.token('pro-pharmacist'), t.token('lead-nord')]);
  });
  afterAll(() => t?.close());

  const caseView = async (caseId: string) =>
    (await t.http().get(`/v1/cases/${caseId}`).set('Authorization', `Bearer ${coordinator}`)).body;
  const opened = async (urgency: 'urgent' | 'normal') => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${reporter}`)
      .send(alertBody({ urgency }, uniquePerson()));
    await expectEventually(async () => expect((await caseView(res.body.caseId)).status).toBe('opened'));
    return res.body.caseId as string;
  };
  /**
   * Waits until the timer sweep has fired a witness case's acknowledgement deadline. A sweep fires
   * every due timer in due order, each in the transaction that escalates its case, so a timer of
   * another case due no later than the witness's would have fired (and its case escalated) by then:
   * what did not happen by that point did not happen, with no guess at how long a sweep takes.
   */
  const witnessFired = (witness: string) =>
    expectEventually(async () => {
      const fired = await t.sql(`SELECT 1 FROM "cases"."timers" WHERE "subject_id" = $1 AND "fired_at" IS NOT NULL`, [
        witness,
      ]);
      expect(fired.length).toBeGreaterThan(0);
    });

  it('should escalate an unacknowledged normal case to the backup, then to the bassin lead, on time only', async () => {
    const caseId = await opened('normal');
    expect((await caseView(caseId)).acknowledgeBy).toBe(new Date(clock.now().getTime() + 240 * MINUTE).toISOString());

    // A witness whose deadline falls at 239 minutes, one minute before this case's.
    clock.advance(209 * MINUTE);
    const witness = await opened('urgent');
    clock.advance(30 * MINUTE);
    await witnessFired(witness);
    expect((await caseView(caseId)).escalationLevel).toBe(0);

    clock.advance(2 * MINUTE);
    await expectEventually(async () =>
      expect(await caseView(caseId)).toMatchObject({
        status: 'escalated',
        escalationLevel: 1,
        owner: { id: 'backup-nord' },
      }),
    );

    clock.advance(241 * MINUTE);
    await expectEventually(async () =>
      expect(await caseView(caseId)).toMatchObject({
        status: 'escalated',
        escalationLevel: 2,
        owner: { id: 'lead-nord' },
      }),
    );

    const reporterView = await t.http().get(`/v1/cases/${caseId}/timeline`).set('Authorization', `Bearer ${reporter}`);
    expect(
      reporterView.body.entries.map((e: { kind: string; details: { escalatedTo?: string } }) => [
        e.kind,
        e.details.escalatedTo,
      ]),
    ).toEqual([
      ['case.opened', undefined],
      ['case.escalated', 'backup-nord'],
      ['case.escalated', 'lead-nord'],
    ]);
  });

  it('should use the shorter window for an urgent case', async () => {
    const caseId = await opened('urgent');
    clock.advance(31 * MINUTE);
    await expectEventually(async () =>
      expect(await caseView(caseId)).toMatchObject({ escalationLevel: 1, owner: { id: 'backup-nord' } }),
    );
  });

  it('should not escalate an acknowledged case, and the backup can still acknowledge an escalated one', async () => {
    const acknowledged = await opened('normal');
    const escalated = await opened('normal');
    await t
      .http()
      .post(`/v1/cases/${acknowledged}/acknowledge`)
      .set('Authorization', `Bearer ${await t.token('coord-nord')}`)
      .send({})
      .expect(200);
    clock.advance(241 * MINUTE);
    await expectEventually(async () => expect((await caseView(escalated)).escalationLevel).toBe(1));
    expect(await caseView(acknowledged)).toMatchObject({ status: 'acknowledged', escalationLevel: 0 });

    const ack = await t
      .http()
      .post(`/v1/cases/${escalated}/acknowledge`)
      .set('Authorization', `Bearer ${await t.token('backup-nord')}`)
      .send({});
    expect(ack.body).toMatchObject({ status: 'acknowledged', ownerId: 'backup-nord' });
    // A witness whose deadline falls a minute after the next deadline the escalated case had before
    // it was acknowledged: once the witness fired, that deadline would have fired too.
    clock.advance(1 * MINUTE);
    const witness = await opened('normal');
    clock.advance(499 * MINUTE);
    await witnessFired(witness);
    expect((await caseView(escalated)).escalationLevel).toBe(1);
  });
});

describe('a pending escalation survives a restart of the process (embedded)', () => {
  it('should fire the escalation that came due while the engine was down, exactly once', async () => {
    const clock = new ManualClock(new Date('2026-11-20T09:00:00Z'));
    const first = await startTestEngine({ clock, config });
    const reporter = await first.token('pro-pharmacist');
    const res = await first
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${reporter}`)
      .send(alertBody({ urgency: 'urgent' }, uniquePerson()));
    const caseId = res.body.caseId as string;
    await expectEventually(async () => {
      const timers = await first.sql(`SELECT 1 FROM "cases"."timers" WHERE "subject_id" = $1 AND "fired_at" IS NULL`, [
        caseId,
      ]);
      expect(timers).toHaveLength(1);
    });
    await first.stop();

    clock.advance(45 * MINUTE);
    const second = await startTestEngine({ dataDir: first.dataDir, clock, config });
    try {
      const lead = await second.token('lead-nord');
      await expectEventually(async () => {
        const view = (await second.http().get(`/v1/cases/${caseId}`).set('Authorization', `Bearer ${lead}`)).body;
        expect(view).toMatchObject({ status: 'escalated', escalationLevel: 1, owner: { id: 'backup-nord' } });
      });
      // The overdue deadline is fired both by the start-up sweep and by its queued job. Once the next
      // deadline (level 2) has fired too, through a later sweep, both attempts at the first are over.
      clock.advance(31 * MINUTE);
      await expectEventually(async () => {
        const view = (await second.http().get(`/v1/cases/${caseId}`).set('Authorization', `Bearer ${lead}`)).body;
        expect(view).toMatchObject({ status: 'escalated', escalationLevel: 2 });
      });
      const escalations = await second.sql<{ to: string }>(
        `SELECT "details"->>'escalatedTo' AS "to" FROM "cases"."timeline" WHERE "case_id" = $1 AND "kind" = 'case.escalated' ORDER BY "at"`,
        [caseId],
      );
      expect(escalations.map((e) => e.to)).toEqual(['backup-nord', 'lead-nord']);
    } finally {
      await second.close();
    }
  });
});
