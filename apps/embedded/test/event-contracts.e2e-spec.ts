import { EVENT_CATALOG, EventValidator } from '#concerto/contracts';
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
  const secrets = ['Ghislaine', 'Vandermeersch', '1938-12-24', '381224', '1082', 'Confidential reason text'];

  beforeAll(async () => {
    t = await startTestEngine({ clock, config: { ACK_TIMEOUT_URGENT_MINUTES: '30', ACK_TIMEOUT_NORMAL_MINUTES: '60' } });
    const reporter = await t.token('pro-pharmacist');
    const first = await t.http().post('/v1/alerts').set('Authorization', `Bearer ${reporter}`).send(alertBody({ reason: 'Confidential reason text' }, person));
    expect(first.status).toBe(201);
    const second = await t.http().post('/v1/alerts').set('Authorization', `Bearer ${await t.token('pro-home-nurse')}`).send(alertBody({ type: 'loss-of-rights' }, person));
    expect(second.body.caseId).toBe(first.body.caseId);
    clock.advance(61 * 60_000);
    const lead = await t.token('lead-nord');
    await expectEventually(async () => {
      const view = await t.http().get(`/v1/cases/${first.body.caseId}`).set('Authorization', `Bearer ${lead}`);
      expect(view.body.escalationLevel).toBe(1);
    });
    await t.http().post(`/v1/cases/${first.body.caseId}/acknowledge`).set('Authorization', `Bearer ${lead}`).expect(200);
    await expectEventually(async () => {
      const pending = await t.sql(`SELECT 1 FROM "cases"."outbox" WHERE "published_at" IS NULL UNION ALL SELECT 1 FROM "alerts"."outbox" WHERE "published_at" IS NULL`);
      expect(pending).toHaveLength(0);
    });
  }, 60000);
  afterAll(() => t.close());

  const envelopes = async () =>
    (await t.sql<{ envelope: Record<string, unknown> }>(`SELECT "envelope" FROM "alerts"."outbox" UNION ALL SELECT "envelope" FROM "cases"."outbox"`)).map((r) => r.envelope);

  it('should emit every event type of the catalogue, each valid against its schema', async () => {
    const validator = new EventValidator();
    const all = await envelopes();
    for (const env of all) {
      expect([env.type, validator.validate(env)]).toEqual([env.type, expect.objectContaining({ ok: true })]);
    }
    expect(new Set(all.map((e) => e.type))).toEqual(new Set(EVENT_CATALOG.map((d) => d.type)));
  });

  it('should have been consumed exactly once by each consumer', async () => {
    const inbox = await t.sql<{ consumer: string; n: string }>(`SELECT 'cases' AS consumer, count(*) AS n FROM "cases"."inbox" UNION ALL SELECT 'alerts', count(*) FROM "alerts"."inbox"`);
    const all = await envelopes();
    const byCounts = Object.fromEntries(inbox.map((r) => [r.consumer, Number(r.n)]));
    expect(byCounts.cases).toBe(all.filter((e) => e.type === 'alert.raised').length);
    expect(byCounts.alerts).toBe(all.filter((e) => e.type !== 'alert.raised').length);
  });

  it('should keep names, birth date, national number, postal code and reason out of events, timers and jobs', async () => {
    const payloads = JSON.stringify(await envelopes());
    const timers = JSON.stringify(await t.sql(`SELECT * FROM "cases"."timers"`));
    const jobTables = await t.sql<{ table_name: string }>(`SELECT "table_name" FROM "information_schema"."tables" WHERE "table_schema" = 'public'`);
    let jobs = '';
    for (const { table_name } of jobTables) {
      jobs += JSON.stringify(await t.sql(`SELECT * FROM "public"."${table_name}"`));
    }
    expect(jobs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect([secret, payloads.includes(secret), timers.includes(secret), jobs.includes(secret)]).toEqual([secret, false, false, false]);
    }
  });
});
