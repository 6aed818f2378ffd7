import { createHash } from 'node:crypto';
import { ManualClock } from '#concerto/ddd';
import { startTestEngine, type TestEngine } from '#concerto/testing';

/** The session cookie a response set, as `name=value` for the next request's Cookie header. */
function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const found = ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) =>
    c.startsWith('concerto_session='),
  );
  if (!found) {
    throw new Error('no session cookie');
  }
  return found.split(';')[0];
}

/** ADR 0022, amendment: the embedded engine keeps browser sessions in its own PostgreSQL. */
describe('embedded browser sessions survive a restart (PGlite, schema bff)', () => {
  let t: TestEngine;
  const sessionClock = new ManualClock();
  const start = (dataDir?: string) =>
    startTestEngine({ dataDir, sessionClock, config: { SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '2' } });

  beforeAll(async () => {
    t = await start();
  });
  afterAll(() => t?.close());

  const me = (cookie: string) => t.http().get('/auth/me').set('Cookie', cookie);
  const rows = () =>
    t.sql<{ key: string; value: unknown }>('SELECT "key", "value"::text AS "value" FROM "bff"."browser_sessions"');

  it('should keep a signed-in browser signed in across a restart on the same data directory, and logout deletes it', async () => {
    const signIn = await t.http().post('/auth/dev').type('form').send({ userId: 'coord-nord' });
    expect(signIn.status).toBe(303);
    const cookie = sessionCookie(signIn);
    const before = await me(cookie).expect(200);

    // The table holds the hash of the cookie value, never the value itself.
    const id = cookie.split('=')[1];
    const stored = await rows();
    expect(stored.map((r) => r.key)).toContain(
      `concerto:bff:session:${createHash('sha256').update(id).digest('base64url')}`,
    );
    expect(JSON.stringify(stored)).not.toContain(id);

    await t.stop();
    t = await start(t.dataDir);

    const after = await me(cookie).expect(200);
    expect(after.body.userId).toBe('coord-nord');
    expect(after.body.csrfToken).toBe(before.body.csrfToken);
    // The cookie still signs API requests.
    await t.http().get('/v1/cases').set('Cookie', cookie).expect(200);

    const logout = await t.http().post('/auth/logout').set('Cookie', cookie).set('X-CSRF-Token', after.body.csrfToken);
    expect(logout.status).toBe(204);
    expect(await rows()).toHaveLength(0);
    await me(cookie).expect(401);
  });

  it('should end a session idle past its limit and prune expired rows', async () => {
    const cookie = sessionCookie(await t.http().post('/auth/dev').type('form').send({ userId: 'coord-nord' }));
    await me(cookie).expect(200);
    sessionClock.advance(31 * 60_000);
    await me(cookie).expect(401);

    // A row past its expiry is pruned by a later write (at most once a minute).
    const other = sessionCookie(await t.http().post('/auth/dev').type('form').send({ userId: 'coord-sud' }));
    sessionClock.advance(31 * 60_000);
    await t.http().post('/auth/dev').type('form').send({ userId: 'coord-nord' }).expect(303);
    expect(await rows()).toHaveLength(1);
    await me(other).expect(401);
  });
});
