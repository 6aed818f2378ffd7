import { startTestEngine, type TestEngine } from '#concerto/testing';
import { auth, type NordCase, openNordCase } from './bassin-fixture.js';
import { KNOWN_OPEN, routeFixtures } from './route-fixtures.js';

/**
 * Quality bar §7c-5 (BOLA/IDOR): every route of the served API description whose path names an
 * object is requested, with every method it has, by a coordinator and a lead of bassin Sud (and by
 * a professional outside the case) for the objects of a Nord case. None may answer 2xx or show the
 * case's data. The routes come from /docs-json, so a new route fails this spec until it is mapped
 * below: nobody has to remember it.
 */

describe('attacks: cross-bassin matrix over every route with an id (embedded)', () => {
  let t: TestEngine;
  let nord: NordCase;
  let paths: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    t = await startTestEngine({ config: { WRITE_RATE_LIMIT_PER_MINUTE: '10000' } });
    nord = await openNordCase(t);
    paths = (await t.http().get('/docs-json')).body.paths;
  });
  afterAll(() => t?.close());

  const idRoutes = () => Object.keys(paths).filter((p) => /\{[^}]+\}/.test(p));

  it('should have a fixture for every route whose path names an object', () => {
    const mapped = routeFixtures(nord);
    expect(idRoutes().filter((p) => !(p in mapped))).toEqual([]);
    // A mapping for a route that no longer exists is dead weight: remove it.
    expect(Object.keys(mapped).filter((p) => !(p in paths))).toEqual([]);
    expect(idRoutes().length).toBeGreaterThanOrEqual(20);
  });

  const secrets = (n: NordCase) => [
    n.person.familyName,
    n.person.postalAddress,
    'Jan Nordmann',
    'jan.nordmann@example.test',
    n.personRef,
    n.rsvp.accept,
  ];

  it.each(['coord-sud', 'lead-sud', 'pro-social-worker'])(
    'should refuse %s every method of every id route on a Nord case, with 403/404 and none of its data',
    async (user) => {
      const token = await t.token(user);
      const mapped = routeFixtures(nord);
      const seen: string[] = [];
      for (const path of idRoutes()) {
        const m = mapped[path];
        const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
          expect([path, name, m.params[name]]).toEqual([path, name, expect.any(String)]);
          return encodeURIComponent(m.params[name]);
        });
        for (const method of Object.keys(paths[path]).filter((k) =>
          ['get', 'post', 'put', 'patch', 'delete'].includes(k),
        )) {
          const agent = t.http();
          let req = agent[method as 'get'](url).set(...auth(token));
          if (method !== 'get') {
            req = req
              .set('Content-Type', m.contentType ?? 'application/json')
              .send(typeof m.body === 'string' ? m.body : JSON.stringify(m.body ?? {}));
          }
          const res = await req;
          const label = `${user} ${method.toUpperCase()} ${path}`;
          seen.push(label);
          if (path in KNOWN_OPEN) {
            continue;
          }
          const allowed = m.kind === 'other' ? m.expectStatus : [403, 404];
          // An 'other' route may answer 200 only to a read (rooms); a write from outside the bassin is refused.
          const expected = m.kind === 'other' && method !== 'get' ? allowed.filter((s) => s >= 400) : allowed;
          expect([label, expected.includes(res.status) ? 'refused-or-allowed-as-mapped' : res.status]).toEqual([
            label,
            'refused-or-allowed-as-mapped',
          ]);
          const text = res.text ?? JSON.stringify(res.body);
          for (const s of secrets(nord)) {
            expect([label, text.includes(s)]).toEqual([label, false]);
          }
        }
      }
      expect(seen.length).toBeGreaterThanOrEqual(idRoutes().length);
    },
  );

  it("should answer the Nord coordinator's reads of the same fixtures (the matrix aims at real objects)", async () => {
    const coord = await t.token('coord-nord');
    const mapped = routeFixtures(nord);
    for (const path of idRoutes().filter((p) => 'get' in paths[p] && mapped[p].kind === 'bassin-object')) {
      if (path in KNOWN_OPEN) {
        continue;
      }
      const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(mapped[path].params[name]));
      const res = await t
        .http()
        .get(url)
        .set(...auth(coord));
      expect([path, res.status]).toEqual([path, 200]);
    }
  });

  it('should have changed nothing of the Nord case after the matrix', async () => {
    const coord = await t.token('coord-nord');
    const get = (path: string) =>
      t
        .http()
        .get(path)
        .set(...auth(coord));
    const kase = await get(`/v1/cases/${nord.caseId}`);
    expect(kase.body.acknowledgedBy).toBeUndefined();
    expect((await get(`/v1/concertations/${nord.concertationId}`)).body.status).toBe('scheduled');
    const team = (await get(`/v1/cases/${nord.caseId}/participants`)).body.participants as Array<{
      displayName: string;
      contact: { email?: string };
    }>;
    expect(team).toHaveLength(3);
    expect(JSON.stringify(team)).not.toContain('intruder');
    expect((await get(`/v1/cases/${nord.caseId}/consent`)).body.status).toBe('granted');
    const rooms = (await get('/v1/bassins/nord/rooms')).body as Array<{ name: string }>;
    expect(rooms.map((r) => r.name)).not.toContain('Intruder room');
    expect(
      await t.sql(`SELECT 1 FROM "scheduling"."weekly_hours" WHERE "owner_id" = $1`, [nord.participants.relative]),
    ).toEqual([]);
  });
});
