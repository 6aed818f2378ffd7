import { randomUUID } from 'node:crypto';
import { Topic } from '#concerto/contracts';
import { MessageTransport } from '#concerto/messaging';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

/**
 * Quality bar §7c-17 in the embedded mode (the stack's Kafka variant is in test/stack/): a forged
 * message on the alerts topic (valid JSON but wrong schema, unknown type, oversized, missing
 * fields, a forged identity in the payload) is refused by the consumer's contract check and parked
 * as a dead letter. It never opens a case. event-contracts.e2e-spec.ts covers non-JSON and a bare
 * envelope.
 */
describe('attacks: forged events on the bus (embedded)', () => {
  let t: TestEngine;
  let genuine: { envelope: Record<string, any>; key: string };

  beforeAll(async () => {
    t = await startTestEngine({ config: { CONSUMER_RETRY_BACKOFF_MS: '1' } });
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${await t.token('pro-pharmacist')}`)
      .send(alertBody({}, uniquePerson()));
    expect(res.status).toBe(201);
    const [row] = await t.sql<{ envelope: Record<string, any>; message_key: string }>(
      `SELECT "envelope", "message_key" FROM "alerts"."outbox" WHERE "envelope"->>'type' = 'alert.raised' LIMIT 1`,
    );
    genuine = { envelope: row.envelope, key: row.message_key };
    // The genuine alert's case opens asynchronously: let it, so the count below sees forged messages only.
    await expectEventually(async () =>
      expect((await t.sql<{ n: string }>(`SELECT count(*) AS "n" FROM "cases"."cases"`))[0].n).toBe('1'),
    );
  });
  afterAll(() => t?.close());

  it('should park every forged message as a dead letter of the consumer and open no case', async () => {
    const forge = (mutate: (e: Record<string, any>) => void) => {
      const e = structuredClone(genuine.envelope);
      e.id = randomUUID();
      e.data = { ...e.data, alertId: randomUUID(), personRef: randomUUID() };
      mutate(e);
      return e;
    };
    const forged: Array<[string, unknown]> = [
      ['unknown type', forge((e) => (e.type = 'alert.escalated-to-admin'))],
      ['wrong schema: urgency out of its enum', forge((e) => (e.data.urgency = 'apocalyptic'))],
      ['wrong schema: a field of the wrong type', forge((e) => (e.data.bassinId = 42))],
      ['missing fields', forge((e) => delete e.data.personRef)],
      ['missing envelope id', forge((e) => delete e.id)],
      ['forged identity in the payload', forge((e) => (e.data.person = { givenName: 'Forged', familyName: 'Person' }))],
      ['oversized', forge((e) => (e.data.padding = 'x'.repeat(2 * 1024 * 1024)))],
      ['wrong specversion', forge((e) => (e.specversion = '0.3'))],
    ];
    const cases = async () => (await t.sql<{ n: string }>(`SELECT count(*) AS "n" FROM "cases"."cases"`))[0].n;
    const before = await cases();
    const transport = t.engine.app.get(MessageTransport, { strict: false });
    await transport.publish(
      forged.map(([, envelope], i) => ({
        topic: Topic.alertsAlertV1,
        key: `forged-${i}`,
        value: JSON.stringify(envelope),
        headers: {},
      })),
    );
    const dead = await expectEventually(async () => {
      const rows = await t.sql<{ key: string; headers: Record<string, string> }>(
        `SELECT "message_key" AS "key", "headers" FROM "messaging"."dead_letters" WHERE "message_key" LIKE 'forged-%' ORDER BY "id"`,
      );
      expect([...new Set(rows.map((r) => r.key))].sort()).toEqual(forged.map((_, i) => `forged-${i}`).sort());
      return rows;
    });
    // The intake consumer, the one that would open a case, refused every one of them.
    expect(
      [...new Set(dead.filter((r) => r.headers['x-dlt-consumer-group'] === 'cases.intake').map((r) => r.key))].length,
    ).toBe(forged.length);
    expect(await cases()).toBe(before);
    const personRefs = forged.map(([, e]) => (e as { data?: { personRef?: string } }).data?.personRef).filter(Boolean);
    expect(await t.sql(`SELECT 1 FROM "cases"."cases" WHERE "person_ref"::text = ANY($1)`, [personRefs])).toEqual([]);
  });
});
