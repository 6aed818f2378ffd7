import { alertBody, startTestEngine, type TestEngine } from '#concerto/testing';

/**
 * Every field of the alert, made wrong one at a time: each is answered 400 problem+json naming
 * the field, and nothing is stored.
 */
describe('alert intake rejects bad input field by field (embedded)', () => {
  let t: TestEngine;
  let token: string;

  beforeAll(async () => {
    t = await startTestEngine({ config: { ALERT_RATE_LIMIT_PER_MINUTE: '1000' } });
    token = await t.token('pro-pharmacist');
  });
  afterAll(() => t?.close());

  const stored = async () => {
    const [a] = await t.sql<{ n: string }>(
      `SELECT (SELECT count(*) FROM "alerts"."alerts") + (SELECT count(*) FROM "alerts"."persons") + (SELECT count(*) FROM "alerts"."outbox") AS n`,
    );
    return Number(a.n);
  };

  const person = (p: Record<string, unknown>) => alertBody({}, p);
  const without = (key: string) => {
    const body = alertBody();
    delete body[key];
    return body;
  };
  const withoutPerson = (key: string) => {
    const body = alertBody();
    delete (body.person as Record<string, unknown>)[key];
    return body;
  };

  // 400 when the request breaks its schema; 422 when it is schema-valid but a rule the schema cannot state
  // (a checksum, a date in the past) rejects a value.
  const cases: Array<[string, Record<string, unknown>, string, (400 | 422)?]> = [
    ['type missing', without('type'), 'type'],
    ['type outside the catalogue', alertBody({ type: 'fell-down' }), 'type'],
    ['urgency missing', without('urgency'), 'urgency'],
    ['urgency unknown', alertBody({ urgency: 'very' }), 'urgency'],
    ['person missing', without('person'), 'person'],
    ['person not an object', alertBody({ person: 'Simone' }), 'person'],
    ['givenName missing', withoutPerson('givenName'), 'person.givenName'],
    ['givenName empty', person({ givenName: '' }), 'person.givenName'],
    ['givenName too long', person({ givenName: 'a'.repeat(101) }), 'person.givenName'],
    ['givenName with digits', person({ givenName: 'R2D2' }), 'person.givenName'],
    ['familyName missing', withoutPerson('familyName'), 'person.familyName'],
    ['familyName with markup', person({ familyName: '<script>' }), 'person.familyName'],
    ['birthDate not a date', person({ birthDate: '03/05/1941' }), 'person.birthDate'],
    ['birthDate impossible', person({ birthDate: '1941-02-30' }), 'person.birthDate', 422],
    ['birthDate in the future', person({ birthDate: '2999-01-01' }), 'person.birthDate', 422],
    ['nationalNumber with a wrong checksum', person({ nationalNumber: '85073003329' }), 'person.nationalNumber', 422],
    ['nationalNumber too short', person({ nationalNumber: '123' }), 'person.nationalNumber'],
    ['address missing without noFixedAddress', withoutPerson('address'), 'person.address'],
    ['postalCode missing', person({ address: {} }), 'person.address.postalCode'],
    ['postalCode not Belgian', person({ address: { postalCode: '75001' } }), 'person.address.postalCode'],
    ['postalCode not a string', person({ address: { postalCode: 1090 } }), 'person.address.postalCode'],
    ['noFixedAddress not a boolean', person({ noFixedAddress: 'yes' }), 'person.noFixedAddress'],
    ['preferredLanguage not a language tag', person({ preferredLanguage: 'Nederlands!' }), 'person.preferredLanguage'],
    // Found by the contract fuzzer: a valid but long tag reached the database column (varchar 8) and failed with 500.
    [
      'preferredLanguage longer than 8 characters',
      person({ preferredLanguage: 'tut-DvkEZ0-C0dqajJ' }),
      'person.preferredLanguage',
    ],
    ['deadline not a date-time', alertBody({ deadline: 'next friday' }), 'deadline'],
    ['reason too long', alertBody({ reason: 'x'.repeat(281) }), 'reason'],
    ['reason not a string', alertBody({ reason: { text: 'x' } }), 'reason'],
    ['unknown top-level field', alertBody({ status: 'closed' }), 'status'],
    ['unknown person field', person({ diagnosis: 'confidential' }), 'person.diagnosis'],
    ['unknown address field', person({ address: { postalCode: '1090', street: 'Rue X' } }), 'person.address.street'],
    [
      'prototype pollution attempt',
      JSON.parse(
        '{"type":"other","urgency":"normal","person":{"givenName":"A","familyName":"B","address":{"postalCode":"1090"}},"__proto__":{"isAdmin":true}}',
      ),
      '__proto__',
    ],
  ];

  it.each(cases)(
    'should answer 400 (or 422) naming the field when %s, and store nothing',
    async (_label, body, field, status = 400) => {
      const before = await stored();
      const res = await t.http().post('/v1/alerts').set('Authorization', `Bearer ${token}`).send(body);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status,
        title: expect.any(String),
        type: expect.stringContaining('validation-failed'),
      });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      for (const e of res.body.errors) {
        expect(e.reason).toEqual(expect.any(String));
      }
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(await stored()).toBe(before);
    },
  );

  it('should answer 400 naming the header for a malformed Idempotency-Key, and store nothing', async () => {
    const before = await stored();
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'bad key with spaces')
      .send(alertBody());
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', reason: expect.any(String) }]);
    expect(await stored()).toBe(before);
  });

  it('should answer 400 for malformed JSON and 413 for an oversized body, as problem+json', async () => {
    const before = await stored();
    const malformed = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"type":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/problem\+json/);
    const huge = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${token}`)
      .send(alertBody({ reason: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toMatch(/problem\+json/);
    expect(await stored()).toBe(before);
  });

  it('should accept the same body once every field is right (the table above is not vacuous)', async () => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${token}`)
      .send(
        // A deadline must lie ahead (deadlines-directory.e2e-spec.ts covers the range): a week from now.
        alertBody(
          { deadline: new Date(Date.now() + 7 * 86_400_000).toISOString() },
          { nationalNumber: '85.07.30-033.28' },
        ),
      );
    expect(res.status).toBe(201);
  });
});
