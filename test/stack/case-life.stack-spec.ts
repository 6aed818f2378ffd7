/**
 * Issue 15 through the distributed stack (real Kafka, PostgreSQL, Redis, one process per service):
 * deadlines as dated items (validation, correction, dismissal, the owner paged when one passes, on
 * the development clock), one case per person (a possible match proposed, rejected or confirmed,
 * the merged case's pending signal moved to the survivor and paged there, a split), and the
 * hotline operator (an alert on behalf of a caller, the callback number sealed, neutral options).
 */
import pg from 'pg';
import {
  alertBody,
  call,
  eventually,
  GATEWAY_URL,
  readStackClockOffset,
  setStackClockOffset,
  StackTokens,
  uniquePerson,
} from './stack-client.js';

type Json = Record<string, any>;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe(`a case's life through the distributed stack (${GATEWAY_URL})`, () => {
  let tokens: StackTokens;
  let db: pg.Pool;
  let initialOffset: number;

  beforeAll(async () => {
    expect((await call('GET', '/ready')).status).toBe(200);
    tokens = await StackTokens.load();
    db = new pg.Pool({
      connectionString:
        process.env.DATABASE_URL ?? `postgres://concerto:concerto@127.0.0.1:${process.env.PG_PORT ?? '15432'}/concerto`,
      max: 1,
    });
    initialOffset = await readStackClockOffset();
  });
  afterAll(async () => {
    await db?.end();
  });

  const as = (user: string) => tokens.token(user);
  /** The services' business time: real time plus the development clock's offset. */
  const businessNow = async () => Date.now() + (await readStackClockOffset());
  const pagesOf = async (caseId: string) =>
    (
      await db.query<{ trigger: string; recipient_id: string; signal_id: string }>(
        `SELECT "trigger","recipient_id","signal_id" FROM "notifications"."pages" WHERE "case_id" = $1 ORDER BY "created_at"`,
        [caseId],
      )
    ).rows;
  const raise = async (reporter: string, body: Json) => {
    const res = await call('POST', '/v1/alerts', { token: await as(reporter), body });
    expect(res.status).toBe(201);
    return res.body as { caseId: string; alertId: string; openedNewCase: boolean; options?: Json };
  };
  const caseView = async (caseId: string, user = 'coord-nord') =>
    (await call('GET', `/v1/cases/${caseId}`, { token: await as(user) })).body as Json;
  const openedCase = async (
    reporter = 'pro-pharmacist',
    person = uniquePerson({ address: { postalCode: '1090' } }),
  ) => {
    const raised = await raise(reporter, alertBody({}, person));
    const coord = await as('coord-nord');
    await eventually(
      async () => expect((await call('GET', `/v1/cases/${raised.caseId}`, { token: coord })).status).toBe(200),
      30000,
    );
    return raised;
  };

  describe('deadlines', () => {
    afterAll(async () => {
      await setStackClockOffset(initialOffset);
    });

    it('sets, refuses a past or a too distant date (422), corrects and dismisses, audited with the old value kept', async () => {
      const { caseId } = await openedCase();
      const coord = await as('coord-nord');
      const path = `/v1/cases/${caseId}/deadlines`;
      const now = await businessNow();
      for (const dueAt of ['2000-01-01T00:00:00Z', new Date(now + 3 * 365 * DAY).toISOString()]) {
        const refused = await call('POST', path, { token: coord, body: { kind: 'hearing', dueAt } });
        expect([dueAt, refused.status]).toEqual([dueAt, 422]);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'dueAt' })]);
      }
      // Only the institution that decides it dates a release.
      const release = await call('POST', path, {
        token: coord,
        body: { kind: 'release', dueAt: new Date(now + 5 * DAY).toISOString() },
      });
      expect(release.status).toBe(403);

      const set = await call('POST', path, {
        token: coord,
        body: { kind: 'hearing', dueAt: new Date(now + 5 * DAY).toISOString() },
      });
      expect(set.status).toBe(201);
      const deadlineId = set.body.deadlineId as string;
      const corrected = await call('PATCH', `${path}/${deadlineId}`, {
        token: coord,
        body: { dueAt: new Date(now + 6 * DAY).toISOString() },
      });
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({ deadlineId, state: 'corrected' });
      const dismissed = await call('POST', `${path}/${deadlineId}/dismiss`, { token: coord, body: {} });
      expect(dismissed.status).toBe(200);
      expect(dismissed.body.state).toBe('dismissed');
      // Another bassin's coordinator is told the case does not exist.
      expect(
        (await call('POST', `${path}/${deadlineId}/dismiss`, { token: await as('coord-sud'), body: {} })).status,
      ).toBe(404);

      const timeline = (await call('GET', `/v1/cases/${caseId}/timeline`, { token: coord })).body as Json;
      expect(JSON.stringify(timeline.entries)).toContain(new Date(now + 5 * DAY).toISOString().slice(0, 16));
      const audited = await db.query<{ purpose: string }>(
        `SELECT "purpose" FROM "cases"."audit_log" WHERE "subject_id" = $1 AND "actor_id" = 'coord-nord' AND "outcome" = 'allowed'`,
        [caseId],
      );
      expect(audited.rows.map((r) => r.purpose)).toEqual(
        expect.arrayContaining(['correct-case-deadline', 'dismiss-case-deadline']),
      );
    });

    it("pages the case's owner when a deadline passes (development clock)", async () => {
      const { caseId } = await openedCase();
      const coord = await as('coord-nord');
      const dueAt = new Date((await businessNow()) + 60 * MINUTE);
      const set = await call('POST', `/v1/cases/${caseId}/deadlines`, {
        token: coord,
        body: { kind: 'administrative', dueAt: dueAt.toISOString() },
      });
      expect(set.status).toBe(201);
      await setStackClockOffset((await readStackClockOffset()) + 61 * MINUTE);
      await eventually(async () => {
        const passed = (await pagesOf(caseId)).filter((p) => p.trigger === 'deadline-passed');
        expect(passed).toEqual([
          { trigger: 'deadline-passed', recipient_id: 'coord-nord', signal_id: set.body.deadlineId },
        ]);
      }, 60000);
      // A passed deadline never blocks: it no longer steers anything.
      expect((await caseView(caseId)).deadline).toBeUndefined();
    });
  });

  describe('one case per person', () => {
    const misspeltPair = async (givenName: string, misspelt: string, birthDate: string, urgency = 'normal') => {
      const person = uniquePerson({ givenName, birthDate, address: { postalCode: '1090' } });
      const first = await openedCase('pro-pharmacist', person);
      const second = await raise('pro-home-nurse', alertBody({ urgency }, { ...person, givenName: misspelt }));
      expect(second.openedNewCase).toBe(true);
      const match = await eventually(async () => {
        const found = ((await caseView(second.caseId)).possibleMatches ?? []).find(
          (m: Json) => m.otherCaseId === first.caseId,
        );
        expect(found).toBeDefined();
        return found as Json;
      }, 30000);
      expect(match.state).toBe('proposed');
      // Reason codes and ids only.
      expect(JSON.stringify(match)).not.toContain(misspelt);
      return { first, second, matchId: match.matchId as string };
    };

    it('proposes a misspelt name, and a rejected proposal keeps the cases apart', async () => {
      const { first, second, matchId } = await misspeltPair('Dewaele', 'Dewaelle', '1964-07-20');
      const coord = await as('coord-nord');
      const rejected = await call('POST', `/v1/cases/${second.caseId}/possible-matches/${matchId}/reject`, {
        token: coord,
        body: {},
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body.state).toBe('rejected');
      expect((await caseView(first.caseId)).mergedCases).toEqual([]);
      expect(
        (
          await call('POST', `/v1/cases/${second.caseId}/possible-matches/${matchId}/confirm`, {
            token: coord,
            body: {},
          })
        ).status,
      ).toBe(409);
    });

    it('merges on confirm (the pending signal moves to the survivor and is paged there) and splits again', async () => {
      const { first, second, matchId } = await misspeltPair('Vermeulen', 'Vermeullen', '1965-08-21', 'urgent');
      const coord = await as('coord-nord');
      expect((await call('POST', `/v1/cases/${first.caseId}/acknowledge`, { token: coord, body: {} })).status).toBe(
        200,
      );
      const confirmed = await call('POST', `/v1/cases/${second.caseId}/possible-matches/${matchId}/confirm`, {
        token: coord,
        body: {},
      });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ state: 'confirmed', caseId: first.caseId, mergedCaseId: second.caseId });

      const survivor = await caseView(first.caseId);
      expect(survivor.mergedCases).toEqual([second.caseId]);
      expect(survivor.urgency).toBe('urgent');
      expect(survivor.unacknowledgedSignals.map((s: Json) => s.signalId)).toEqual([second.alertId]);
      expect((await caseView(second.caseId)).unacknowledgedSignals).toEqual([]);
      await eventually(async () => {
        expect(await pagesOf(first.caseId)).toContainEqual({
          trigger: 'urgent-signal',
          recipient_id: 'coord-nord',
          signal_id: second.alertId,
        });
      }, 30000);

      const split = await call('POST', `/v1/cases/${first.caseId}/split`, {
        token: coord,
        body: { mergedCaseId: second.caseId },
      });
      expect(split.status).toBe(200);
      expect(split.body).toMatchObject({ caseId: first.caseId, restoredCaseId: second.caseId });
      expect((await caseView(second.caseId)).unacknowledgedSignals.map((s: Json) => s.signalId)).toEqual([
        second.alertId,
      ]);
      expect((await caseView(first.caseId)).mergedCases).toEqual([]);
      const audited = await db.query<{ purpose: string }>(
        `SELECT DISTINCT "purpose" FROM "cases"."audit_log" WHERE "subject_id" = ANY($1::varchar[]) AND "outcome" = 'allowed'`,
        [[first.caseId, second.caseId]],
      );
      expect(audited.rows.map((r) => r.purpose)).toEqual(
        expect.arrayContaining(['confirm-possible-match', 'merge-cases', 'split-case']),
      );
    });
  });

  describe('the hotline operator (R28)', () => {
    const CALLBACK = '+32 470 55 44 33';
    const onBehalfOf = { relationship: 'neighbour', callerName: 'Gudrun Vanderplancke', callbackNumber: CALLBACK };

    it('raises an alert on behalf of a caller with a neutral list of options, and keeps the callback number sealed', async () => {
      const raised = await raise('pro-hotline-operator', alertBody({ onBehalfOf }));
      const services = raised.options!.services as Array<{ name: string }>;
      expect(services.length).toBeGreaterThan(1);
      const names = services.map((s) => s.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' })));
      expect(raised.options).not.toHaveProperty('recommended');
      expect(JSON.stringify(raised)).not.toContain('554433');

      // A reporter who is not an operator (nor a coordinator) may not speak for a caller.
      const refused = await call('POST', '/v1/alerts', {
        token: await as('pro-pharmacist'),
        body: alertBody({ onBehalfOf }),
      });
      expect(refused.status).toBe(403);

      await eventually(async () => {
        const asCoord = await call('GET', `/v1/alerts/${raised.alertId}`, { token: await as('coord-nord') });
        expect(asCoord.status).toBe(200);
        expect(asCoord.body.onBehalfOf).toEqual(onBehalfOf);
      }, 30000);
      const asOperator = await call('GET', `/v1/alerts/${raised.alertId}`, { token: await as('pro-hotline-operator') });
      expect(asOperator.body.onBehalfOf).toEqual({ relationship: 'neighbour' });
      expect((await call('GET', `/v1/alerts/${raised.alertId}`, { token: await as('coord-sud') })).status).toBe(404);

      // Sealed at rest, and in no event any service published.
      const [row] = (
        await db.query<{ caller_name: string; callback_number: string }>(
          `SELECT "caller_name","callback_number" FROM "alerts"."alert_callers" WHERE "alert_id" = $1`,
          [raised.alertId],
        )
      ).rows;
      for (const sealed of [row.callback_number, row.caller_name]) {
        expect(sealed).not.toContain('554433');
        expect(sealed).not.toContain('Vanderplancke');
      }
      const leaked = await db.query(
        `SELECT 1 FROM "alerts"."outbox" WHERE "envelope"::text LIKE '%554433%' OR "envelope"::text LIKE '%Vanderplancke%'`,
      );
      expect(leaked.rows).toEqual([]);
    });
  });
});
