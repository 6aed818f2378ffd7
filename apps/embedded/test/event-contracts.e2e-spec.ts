import { EVENT_CATALOG, EventValidator, Topic } from '#concerto/contracts';
import { MessageTransport } from '#concerto/messaging';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';

/**
 * Drives every event type through the engine, then checks every emitted event against its
 * published schema and scans payloads, timers and job rows for the person's identifiers.
 */
describe('emitted integration events (embedded)', () => {
  let t: TestEngine;
  const clock = new ManualClock(new Date('2026-11-20T09:00:00Z'));
  const person = {
    givenName: 'Ghislaine',
    familyName: 'Vandermeersch',
    birthDate: '1938-12-24',
    nationalNumber: '38.12.24-001.64',
    address: { postalCode: '1082' },
    preferredLanguage: 'nl',
  };
  const secrets = [
    'Ghislaine',
    'Vandermeersch',
    '1938-12-24',
    '381224',
    '38122400164',
    '1082',
    'Confidential reason text',
    // A lifecycle reason stays in the case's timeline, never in an event, timer or job.
    'Confidential transfer reason',
    'Confidential closing reason',
    'Confidential reopening reason',
  ];
  /**
   * Digits count only as a token of their own (no hex digit or dash touching them): '1082' inside a
   * random UUID is chance, and failed a CI run; '"1082"' or ':1082,' is a leak.
   */
  const occurs = (text: string, secret: string) =>
    /^[0-9-]+$/.test(secret)
      ? new RegExp(`(?<![0-9a-fA-F-])${secret}(?![0-9a-fA-F-])`).test(text)
      : text.includes(secret);

  beforeAll(async () => {
    t = await startTestEngine({
      clock,
      config: { ACK_TIMEOUT_URGENT_MINUTES: '30', ACK_TIMEOUT_NORMAL_MINUTES: '60' },
    });
    const reporter = await t.token('pro-pharmacist');
    const first = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${reporter}`)
      .send(alertBody({ reason: 'Confidential reason text' }, person));
    expect(first.status).toBe(201);
    const second = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${await t.token('pro-home-nurse')}`)
      // A deadline half an hour away: set now, passed when the clock moves below (case.deadline-*).
      .send(
        alertBody(
          { type: 'loss-of-rights', deadline: new Date(clock.now().getTime() + 30 * 60_000).toISOString() },
          person,
        ),
      );
    expect(second.body.caseId).toBe(first.body.caseId);
    clock.advance(61 * 60_000);
    const lead = await t.token('lead-nord');
    await expectEventually(async () => {
      const view = await t.http().get(`/v1/cases/${first.body.caseId}`).set('Authorization', `Bearer ${lead}`);
      expect(view.body.escalationLevel).toBe(1);
    });
    await t
      .http()
      .post(`/v1/cases/${first.body.caseId}/acknowledge`)
      .set('Authorization', `Bearer ${lead}`)
      .send({})
      .expect(200);
    const hearing = await t
      .http()
      .post(`/v1/cases/${first.body.caseId}/deadlines`)
      .set('Authorization', `Bearer ${lead}`)
      .send({ kind: 'hearing', dueAt: new Date(clock.now().getTime() + 7 * 86_400_000).toISOString() })
      .expect(201);
    await t
      .http()
      .patch(`/v1/cases/${first.body.caseId}/deadlines/${hearing.body.deadlineId}`)
      .set('Authorization', `Bearer ${lead}`)
      .send({ dueAt: new Date(clock.now().getTime() + 8 * 86_400_000).toISOString() })
      .expect(200);
    await t
      .http()
      .post(`/v1/cases/${first.body.caseId}/deadlines/${hearing.body.deadlineId}/dismiss`)
      .set('Authorization', `Bearer ${lead}`)
      .expect(200);
    // One case per person (issue 15): a misspelt name is proposed, confirmed (merge), then split.
    const misspelt = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${reporter}`)
      .send(alertBody({}, { ...person, familyName: 'Vandermeersh', nationalNumber: undefined }));
    expect(misspelt.body.caseId).not.toBe(first.body.caseId);
    let matchId = '';
    await expectEventually(async () => {
      const view = await t.http().get(`/v1/cases/${first.body.caseId}`).set('Authorization', `Bearer ${lead}`);
      matchId = view.body.possibleMatches?.[0]?.matchId;
      expect(matchId).toBeDefined();
    });
    await t
      .http()
      .post(`/v1/cases/${first.body.caseId}/possible-matches/${matchId}/confirm`)
      .set('Authorization', `Bearer ${lead}`)
      .expect(200);
    await t
      .http()
      .post(`/v1/cases/${first.body.caseId}/split`)
      .set('Authorization', `Bearer ${lead}`)
      .send({ mergedCaseId: misspelt.body.caseId })
      .expect(200);
    // A case's whole life (case.bassin-confirmed, case.transferred, case.closed, case.reopened).
    const lifecycle = (action: string, token: string, body: object) =>
      t
        .http()
        .post(`/v1/cases/${first.body.caseId}/${action}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body)
        .expect(200);
    await lifecycle('bassin/confirm', lead, {});
    await lifecycle('transfer', lead, { toBassin: 'sud', reason: 'Confidential transfer reason' });
    const leadSud = await t.token('lead-sud');
    await lifecycle('close', leadSud, { outcome: 'other', reason: 'Confidential closing reason' });
    await lifecycle('reopen', leadSud, { reason: 'Confidential reopening reason' });
    await expectEventually(async () => {
      const pending = await t.sql(
        `SELECT 1 FROM "cases"."outbox" WHERE "published_at" IS NULL UNION ALL SELECT 1 FROM "alerts"."outbox" WHERE "published_at" IS NULL`,
      );
      expect(pending).toHaveLength(0);
    });
  });
  afterAll(() => t?.close());

  const envelopes = async () =>
    (
      await t.sql<{ envelope: Record<string, unknown> }>(
        `SELECT "envelope" FROM "alerts"."outbox" UNION ALL SELECT "envelope" FROM "cases"."outbox"`,
      )
    ).map((r) => r.envelope);

  it('should emit every event type of the alerts and cases catalogue, each valid against its schema', async () => {
    const validator = new EventValidator();
    const all = await envelopes();
    for (const env of all) {
      expect([env.type, validator.validate(env)]).toEqual([env.type, expect.objectContaining({ ok: true })]);
    }
    expect(new Set(all.map((e) => e.type))).toEqual(
      new Set(EVENT_CATALOG.filter((d) => ['alerts', 'cases'].includes(d.producer)).map((d) => d.type)),
    );
  });

  it('should have been consumed exactly once by each consumer', async () => {
    const inbox = await t.sql<{ consumer: string; n: string }>(
      `SELECT 'cases' AS consumer, count(*) AS n FROM "cases"."inbox" UNION ALL SELECT 'alerts', count(*) FROM "alerts"."inbox"`,
    );
    const all = await envelopes();
    const byCounts = Object.fromEntries(inbox.map((r) => [r.consumer, Number(r.n)]));
    // Cases consumes the alerts topic (alert.raised, person.possible-match-found), alerts the cases topic.
    const fromAlerts = (e: Record<string, unknown>) =>
      e.type === 'alert.raised' || e.type === 'person.possible-match-found';
    expect(byCounts.cases).toBe(all.filter(fromAlerts).length);
    expect(byCounts.alerts).toBe(all.filter((e) => !fromAlerts(e)).length);
  });

  it('should keep names, birth date, national number, postal code and reason out of events, timers and jobs', async () => {
    const payloads = JSON.stringify(await envelopes());
    const timers = JSON.stringify(await t.sql(`SELECT * FROM "cases"."timers"`));
    const jobTables = await t.sql<{ table_name: string }>(
      `SELECT "table_name" FROM "information_schema"."tables" WHERE "table_schema" = 'public'`,
    );
    let jobs = '';
    for (const { table_name } of jobTables) {
      jobs += JSON.stringify(await t.sql(`SELECT * FROM "public"."${table_name}"`));
    }
    expect(jobs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect([secret, occurs(payloads, secret), occurs(timers, secret), occurs(jobs, secret)]).toEqual([
        secret,
        false,
        false,
        false,
      ]);
    }
  });

  it('should apply a redelivered event once: the inbox absorbs the duplicate', async () => {
    const before = await t.sql<{ n: string }>(
      `SELECT (SELECT count(*) FROM "cases"."timeline") + (SELECT count(*) FROM "cases"."outbox") AS n`,
    );
    // Forget that the alert.raised rows were published: the relay publishes them again.
    await t.sql(`UPDATE "alerts"."outbox" SET "published_at" = NULL`);
    await expectEventually(async () =>
      expect(await t.sql(`SELECT 1 FROM "alerts"."outbox" WHERE "published_at" IS NULL`)).toHaveLength(0),
    );
    const after = await t.sql<{ n: string }>(
      `SELECT (SELECT count(*) FROM "cases"."timeline") + (SELECT count(*) FROM "cases"."outbox") AS n`,
    );
    expect(after[0].n).toBe(before[0].n);
    const attempts = await t.sql<{ attempts: number }>(`SELECT "attempts" FROM "alerts"."outbox"`);
    expect(attempts.every((r) => r.attempts >= 2)).toBe(true);
  });

  it('should dead-letter a poison message after bounded retries and keep delivering the others', async () => {
    const transport = t.engine.app.get(MessageTransport, { strict: false });
    const poison = [
      { topic: Topic.alertsAlertV1, key: 'k1', value: '{not json', headers: {} },
      {
        topic: Topic.alertsAlertV1,
        key: 'k2',
        value: JSON.stringify({ specversion: '1.0', type: 'alert.raised' }),
        headers: {},
      },
    ];
    await transport.publish(poison);
    const dead = await t.sql<{ topic: string; headers: Record<string, string> }>(
      `SELECT "topic","headers" FROM "messaging"."dead_letters" ORDER BY "id"`,
    );
    expect(dead.map((d) => [d.topic, d.headers['x-dlt-consumer-group']])).toEqual([
      ['alerts.alert.v1.dlt', 'cases.intake'],
      ['alerts.alert.v1.dlt', 'cases.intake'],
    ]);
    expect(dead[0].headers['x-dlt-error']).toMatch(/not valid JSON/);
    expect(dead[1].headers['x-dlt-error']).toMatch(/contract/);
    // Delivery goes on: a new alert still opens its case.
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${await t.token('pro-gp')}`)
      .send(alertBody({}, { givenName: 'Other', familyName: 'Person', birthDate: '1960-01-01' }));
    await expectEventually(async () =>
      expect(await t.sql(`SELECT 1 FROM "cases"."cases" WHERE "case_id" = $1`, [res.body.caseId])).toHaveLength(1),
    );
  });
});
