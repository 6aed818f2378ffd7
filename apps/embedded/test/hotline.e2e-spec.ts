import { ManualClock } from '#concerto/ddd';
import { alertBody, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

// Monday 23 November 2026, 09:00 in Brussels.
const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const CALLBACK = '+32 470 55 44 33';
const CALLBACK_DIGITS = CALLBACK.replace(/\D/g, '');
const CALLER_NAME = 'Gudrun Vanderplancke';

describe('the hotline operator (R28, embedded)', () => {
  let t: TestEngine;
  let operator: string;
  let coord: string;
  let otherCoord: string;
  let pharmacist: string;
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    [operator, coord, otherCoord, pharmacist] = await Promise.all([
      t.token('pro-hotline-operator'),
      t.token('coord-nord'),
      t.token('coord-sud'),
      t.token('pro-pharmacist'),
    ]);
  });
  afterAll(() => t?.close());

  const raise = (token: string, overrides: Record<string, unknown>, person = uniquePerson()) =>
    t
      .http()
      .post('/v1/alerts')
      .set(...auth(token))
      .send(alertBody(overrides, { ...person, address: { postalCode: '1090' } }));
  const onBehalfOf = { relationship: 'neighbour', callerName: CALLER_NAME, callbackNumber: CALLBACK };

  it('raises an alert for a caller and shows a neutral, alphabetical list of the bassin options', async () => {
    const res = await raise(operator, { onBehalfOf });
    expect(res.status).toBe(201);
    const services = res.body.options.services as Array<{ name: string; phone: string; hours: string; kind: string }>;
    expect(services.length).toBeGreaterThan(1);
    for (const s of services) {
      expect(s).toEqual({
        name: expect.any(String),
        kind: expect.any(String),
        phone: expect.any(String),
        hours: expect.any(String),
      });
    }
    const names = services.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' })));
    // A non-urgent type has no crisis lines; the answer never names one option as "the" choice.
    expect(res.body.options.crisisLines).toEqual([]);
    expect(res.body).not.toHaveProperty('options.recommended');
    expect(JSON.stringify(res.body)).not.toContain(CALLBACK_DIGITS.slice(-6));
  });

  it('adds the crisis lines for urgent types', async () => {
    const res = await raise(operator, {
      type: 'suicide-risk',
      urgency: 'urgent',
      onBehalfOf: { relationship: 'self', callbackNumber: CALLBACK },
    });
    expect(res.status).toBe(201);
    expect(res.body.options.crisisLines.length).toBeGreaterThan(0);
    expect(res.body.options.crisisLines.map((l: { phone: string }) => l.phone)).toContain('112');
  });

  it('refuses onBehalfOf from any other reporter with a 403 naming the field', async () => {
    const res = await raise(pharmacist, { onBehalfOf });
    expect(res.status).toBe(403);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'onBehalfOf' })]);
    // A coordinator taking a call may use it.
    expect((await raise(coord, { onBehalfOf })).status).toBe(201);
  });

  it('refuses a relationship outside the controlled list and a callback that is not a phone number', async () => {
    const bad1 = await raise(operator, { onBehalfOf: { ...onBehalfOf, relationship: 'landlord' } });
    const bad2 = await raise(operator, { onBehalfOf: { ...onBehalfOf, callbackNumber: 'call me maybe' } });
    const bad3 = await raise(operator, { onBehalfOf: { relationship: 'relative' } });
    for (const res of [bad1, bad2, bad3]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it("shows the callback number to the case's coordinators only, through the audited alert view", async () => {
    const raised = await raise(operator, { onBehalfOf });
    expect(raised.status).toBe(201);
    const { alertId } = raised.body as { alertId: string };

    const asCoord = await t
      .http()
      .get(`/v1/alerts/${alertId}`)
      .set(...auth(coord));
    expect(asCoord.status).toBe(200);
    expect(asCoord.body.onBehalfOf).toEqual({
      relationship: 'neighbour',
      callerName: CALLER_NAME,
      callbackNumber: CALLBACK,
    });

    const asOperator = await t
      .http()
      .get(`/v1/alerts/${alertId}`)
      .set(...auth(operator));
    expect(asOperator.status).toBe(200);
    expect(asOperator.body.onBehalfOf).toEqual({ relationship: 'neighbour' });

    const asStranger = await t
      .http()
      .get(`/v1/alerts/${alertId}`)
      .set(...auth(otherCoord));
    expect(asStranger.status).toBe(404);

    const audited = await t.sql<{ actor_id: string; outcome: string }>(
      `SELECT "actor_id","outcome" FROM "alerts"."audit_log" WHERE "subject_id" = $1 AND "purpose" = 'read-alert' ORDER BY "at"`,
      [alertId],
    );
    expect(audited).toEqual(
      expect.arrayContaining([
        { actor_id: 'coord-nord', outcome: 'allowed' },
        { actor_id: 'coord-sud', outcome: expect.not.stringMatching(/^allowed$/) },
      ]),
    );
  });

  it('keeps the callback number and the caller name sealed at rest and out of every event', async () => {
    const raised = await raise(operator, { onBehalfOf });
    const { alertId } = raised.body as { alertId: string };
    const [row] = await t.sql<{ caller_name: string; callback_number: string; relationship: string }>(
      `SELECT "caller_name","callback_number","relationship" FROM "alerts"."alert_callers" WHERE "alert_id" = $1`,
      [alertId],
    );
    expect(row.relationship).toBe('neighbour');
    for (const sealed of [row.callback_number, row.caller_name]) {
      expect(sealed.split('.')).toHaveLength(4);
      expect(sealed).not.toContain(CALLBACK_DIGITS.slice(-6));
      expect(sealed).not.toContain('Vanderplancke');
    }
    // Neither the number nor the name in any outbox of any service (events are the only way out).
    for (const schema of ['alerts', 'cases', 'scheduling', 'notifications']) {
      const [hits] = await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}"."outbox"
          WHERE "envelope"::text LIKE ANY($1::text[]) OR "envelope"::text ILIKE '%Vanderplancke%'`,
        [[CALLBACK, CALLBACK.replace(/\s/g, ''), CALLBACK_DIGITS.slice(2)].map((form) => `%${form}%`)],
      );
      expect(hits.n).toBe(0);
    }
  });
});
