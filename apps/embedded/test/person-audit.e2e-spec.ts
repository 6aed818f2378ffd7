import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';

const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const BASE = 'https://concerto.example.test';

/**
 * "Who read my file" on the person's page covers every service that audits an access to their
 * case: the alerts service (the alert raised about them, and who read it) and the notifications
 * service (who read their letters and calls), besides scheduling and cases, merged by time and in
 * plain words: role and organisation, never an internal id (ADR 0025, amendment).
 */
describe("the person's page: who read the file, from every service (embedded)", () => {
  let t: TestEngine;
  let coord: string;
  let caseId: string;
  let alertId: string;
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

  beforeAll(async () => {
    t = await startTestEngine({ clock, config: { PUBLIC_BASE_URL: BASE } });
    coord = await t.token('coord-sud');
    const res = await t
      .http()
      .post('/v1/alerts')
      .set(...auth(await t.token('pro-hospital-nurse')))
      .send(
        alertBody(
          { type: 'imminent-discharge', urgency: 'urgent', deadline: '2026-11-30T16:00:00+01:00' },
          { givenName: 'Simone', familyName: 'Peeters', address: { postalCode: '1180' }, preferredLanguage: 'nl' },
        ),
      );
    expect(res.status).toBe(201);
    ({ caseId, alertId } = res.body);
    await expectEventually(async () => {
      const team = await t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set(...auth(coord));
      expect(team.body.participants).toHaveLength(1);
    });
  });
  afterAll(() => t?.close());

  it("lists the alert read in the alerts service and the tasks read in the notifications service, in the person's words", async () => {
    clock.set(new Date('2026-11-23T10:00:00Z'));
    // The coordinator reads the alert (audited by the alerts service) ...
    expect(
      (
        await t
          .http()
          .get(`/v1/alerts/${alertId}`)
          .set(...auth(coord))
      ).status,
    ).toBe(200);
    clock.set(new Date('2026-11-23T11:00:00Z'));
    // ... and the case's letters and calls (audited by the notifications service), once the
    // notifications service knows the case's bassin.
    await expectEventually(async () => {
      const tasks = await t
        .http()
        .get(`/v1/cases/${caseId}/tasks`)
        .set(...auth(coord));
      expect(tasks.status).toBe(200);
    });
    clock.set(new Date('2026-11-23T12:00:00Z'));
    const issued = await t
      .http()
      .post(`/v1/cases/${caseId}/person-link`)
      .set(...auth(coord))
      .send({});
    expect(issued.status).toBe(201);
    const token = String(issued.body.url).slice(`${BASE}/me/`.length);

    const nl = await t.http().get(`/me/${token}`);
    expect(nl.status).toBe(200);
    const lines = [...nl.text.matchAll(/<li><time[^>]*>([^<]*)<\/time>/g)].map((m) => m[1]);
    const alertRead = lines.findIndex((l) =>
      /Op 23 november 2026 heeft Coordinator Sud \(demo\), coördinator van bassin Sud de melding over u gelezen\./.test(
        l,
      ),
    );
    const tasksRead = lines.findIndex((l) =>
      /Op 23 november 2026 heeft Coordinator Sud \(demo\), coördinator van bassin Sud de brieven en berichten voor uw overleg gelezen\./.test(
        l,
      ),
    );
    const raised = lines.findIndex((l) => /heeft .* een melding over u gestuurd\./.test(l));
    expect(alertRead).toBeGreaterThanOrEqual(0);
    expect(tasksRead).toBeGreaterThanOrEqual(0);
    expect(raised).toBeGreaterThanOrEqual(0);
    // Newest first, whichever service recorded it.
    expect(tasksRead).toBeLessThan(alertRead);
    expect(alertRead).toBeLessThan(raised);
    // Roles and organisations, never the directory's ids.
    expect(nl.text).not.toMatch(/coord-sud|pro-hospital-nurse|person-link:/);

    const fr = await t.http().get(`/me/${token}?lang=fr`);
    expect(fr.text).toContain('a lu l’alerte envoyée à votre sujet');
    expect(fr.text).toContain('a lu les lettres et les messages pour votre réunion');
    const en = await t.http().get(`/me/${token}?lang=en`);
    expect(en.text).toContain('read the alert sent about you');
    expect(en.text).toContain('read the letters and messages for your meeting');
  });
});
