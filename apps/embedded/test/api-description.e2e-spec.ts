import { startTestEngine, type TestEngine } from '#concerto/testing';

type Json = Record<string, any>;

/**
 * The API description is a contract (issue 13): a route added without its success schema or its
 * error statuses fails here, before the contract fuzzer (scripts/ci/contract-fuzz.sh) finds it.
 */
describe('API description (/docs-json, embedded)', () => {
  let t: TestEngine;
  let doc: Json;
  let coordinator: string;

  beforeAll(async () => {
    t = await startTestEngine();
    coordinator = await t.token('coord-nord');
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  const operations = (): Array<[string, Json]> =>
    Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'put', 'post', 'patch', 'delete'].includes(method))
        .map(([method, op]): [string, Json] => [`${method.toUpperCase()} ${path}`, op]),
    );

  const resolve = (schema: Json): Json =>
    schema?.$ref
      ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]
      : schema?.allOf?.length === 1
        ? resolve(schema.allOf[0])
        : schema;

  it('should describe the public API', () => {
    expect(operations().length).toBeGreaterThan(25);
    expect(doc.components.schemas.ProblemDetails).toMatchObject({ required: ['type', 'title', 'status'] });
  });

  it('should give every operation a success response with a schema', () => {
    const missing = operations()
      .filter(([, op]) => {
        const success = Object.entries(op.responses as Record<string, Json>).filter(([code]) => /^2\d\d$/.test(code));
        return (
          success.length === 0 ||
          success.some(
            ([code, r]) =>
              code !== '204' && !Object.values((r.content ?? {}) as Record<string, Json>).some((m) => m.schema),
          )
        );
      })
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('should declare the error statuses of every operation as problem+json', () => {
    const wrong: string[] = [];
    for (const [name, op] of operations()) {
      const codes = Object.keys(op.responses);
      const expected = ['400', '503'];
      if ((op.security ?? []).length > 0) {
        expected.push('401', '403');
      }
      if (/\{[^}]+\}/.test(name)) {
        expected.push('404');
      }
      if (!name.startsWith('GET ')) {
        expected.push('409', '422');
      }
      if (op.requestBody) {
        expected.push('413', '415');
      }
      for (const code of expected.filter((c) => !codes.includes(c))) {
        wrong.push(`${name}: no ${code}`);
      }
      for (const code of codes.filter((c) => Number(c) >= 400)) {
        if (
          op.responses[code].content?.['application/problem+json']?.schema?.$ref !==
          '#/components/schemas/ProblemDetails'
        ) {
          wrong.push(`${name}: ${code} is not problem+json`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(doc.paths['/v1/alerts'].post.responses['429']).toBeDefined();
    expect(doc.paths['/v1/alerts'].post.responses['401'].headers['WWW-Authenticate']).toBeDefined();
  });

  it('should close request bodies and carry the validation constraints', () => {
    for (const [name, op] of operations().filter(([, o]) => o.requestBody?.content?.['application/json'])) {
      expect([name, op.requestBody.required]).toEqual([name, true]);
      expect([name, resolve(op.requestBody.content['application/json'].schema).additionalProperties]).toEqual([
        name,
        false,
      ]);
    }
    const alert = resolve(doc.paths['/v1/alerts'].post.requestBody.content['application/json'].schema);
    expect(alert.properties.reason).toMatchObject({ type: 'string', maxLength: 280 });
    expect(alert.properties.deadline).toMatchObject({ format: 'date-time' });
    expect(alert.properties.urgency.enum).toEqual(['urgent', 'normal']);
    const person = resolve(alert.properties.person);
    expect(person.properties.givenName).toMatchObject({ minLength: 1, maxLength: 100 });
    expect(resolve(person.properties.address).properties.postalCode.pattern).toBe('^[1-9]\\d{3}$');
    expect(resolve(person.properties.address).additionalProperties).toBe(false);
    const search = resolve(
      doc.paths['/v1/cases/{caseId}/concertations/slot-search'].post.requestBody.content['application/json'].schema,
    );
    expect(search.properties.durationMinutes).toMatchObject({ type: 'integer', minimum: 15, maximum: 480 });
  });

  it('should reject a missing body where the operation needs one (400), as the description says', async () => {
    const res = await t
      .http()
      .put('/v1/calendars/coord-nord/weekly-hours')
      .set('Authorization', `Bearer ${coordinator}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('should reject JSON nulls in a request body (400)', async () => {
    const res = await t
      .http()
      .put('/v1/calendars/coord-nord/weekly-hours')
      .set('Authorization', `Bearer ${coordinator}`)
      .send({ mon: null });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'mon', reason: expect.any(String) }]);
  });

  it('should reject a NUL character in a body string (400), which the store cannot hold (a 500 the fuzzer found)', async () => {
    const res = await t
      .http()
      .post('/v1/bassins/nord/rooms')
      .set('Authorization', `Bearer ${coordinator}`)
      .send({ name: 'Room\u0000A', capacity: 6, stepFree: false });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'name', reason: expect.any(String) }]);
  });

  it('should answer 405 with Allow for a method the resource does not support, and 404 for an unknown path', async () => {
    const res = await t.http().delete('/v1/bassins').set('Authorization', `Bearer ${coordinator}`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.http().get('/v1/no-such-thing').set('Authorization', `Bearer ${coordinator}`)).status).toBe(404);
  });

  it('should challenge with WWW-Authenticate: Bearer on every 401 (RFC 6750)', async () => {
    const none = await t.http().get('/v1/bassins');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="concerto"');
    const invalid = await t.http().get('/v1/bassins').set('Authorization', 'Bearer not.a.token');
    expect(invalid.status).toBe(401);
    expect(invalid.headers['www-authenticate']).toMatch(
      /^Bearer realm="concerto", error="invalid_token", error_description="[^"]*"$/,
    );
    const malformed = await t.http().get('/v1/bassins').set('Authorization', 'Basic dXNlcjpwYXNz');
    expect(malformed.status).toBe(401);
    expect(malformed.headers['www-authenticate']).toMatch(/^Bearer realm="concerto", error="invalid_request"/);
  });
});
