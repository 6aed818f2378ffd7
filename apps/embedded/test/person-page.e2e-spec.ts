import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';

const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const BASE = 'https://concerto.example.test';

/**
 * The person's own page (/me/<token>): a signed link a coordinator issues for the person or a
 * family member; easy-read, in their language; who is involved, the next meeting, who read the
 * file in plain words, and the consent with a two-step withdrawal (ADR 0025).
 */
describe("the person's own page (embedded)", () => {
  let t: TestEngine;
  let coord: string;
  let caseId: string;
  const ids: Record<string, string> = {};
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
  const post = (path: string, body: object) =>
    t
      .http()
      .post(path)
      .set(...auth(coord))
      .send(body);
  const tokenOf = (url: string) => {
    expect(url.startsWith(`${BASE}/me/`)).toBe(true);
    return url.slice(`${BASE}/me/`.length);
  };

  beforeAll(async () => {
    t = await startTestEngine({ clock, config: { PUBLIC_BASE_URL: BASE, COORDINATION_PHONE: '+32 2 000 00 99' } });
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
    caseId = res.body.caseId;
    await expectEventually(async () => {
      const team = await t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set(...auth(coord));
      expect(team.body.participants).toHaveLength(1);
      ids.person = team.body.participants[0].id;
    });
    // The coordinator opens the file: the cases service audits it; the person sees it on their page.
    expect(
      (
        await t
          .http()
          .get(`/v1/cases/${caseId}`)
          .set(...auth(coord))
      ).status,
    ).toBe(200);
    ids.relative = (
      await post(`/v1/cases/${caseId}/participants`, {
        kind: 'relative',
        displayName: 'Jan Peeters',
        language: 'nl',
        email: 'jan.peeters@example.test',
      })
    ).body.participant.id;
    ids.gp = (
      await post(`/v1/cases/${caseId}/participants`, {
        kind: 'professional',
        professionalId: 'pro-gp',
        email: 'gp@example.test',
      })
    ).body.participant.id;
    expect(
      (
        await post(`/v1/cases/${caseId}/consent`, {
          decision: 'granted',
          givenBy: 'person',
          scopes: [
            { participantId: ids.gp, dataCategories: ['meeting-details'] },
            { participantId: ids.relative, dataCategories: ['meeting-details'] },
          ],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await post(`/v1/cases/${caseId}/concertations`, {
          start: '2026-11-25T09:00:00Z',
          end: '2026-11-25T10:00:00Z',
          location: { kind: 'video', label: 'Video call' },
        })
      ).status,
    ).toBe(201);
  });
  afterAll(() => t?.close());

  let personToken: string;
  let relativeToken: string;

  it('issues a signed, expiring link that holds no personal data, to coordinators of the bassin only', async () => {
    const issued = await post(`/v1/cases/${caseId}/person-link`, {});
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ participantId: ids.person, expiresAt: '2026-12-23T08:00:00.000Z' });
    personToken = tokenOf(issued.body.url);
    const claims = JSON.parse(Buffer.from(personToken.split('.')[0], 'base64url').toString('utf8'));
    expect(Object.keys(claims).sort()).toEqual(['c', 'e', 'n', 'w']);
    expect(personToken).not.toMatch(/Simone|Peeters/);
    relativeToken = tokenOf((await post(`/v1/cases/${caseId}/person-link`, { participantId: ids.relative })).body.url);

    expect((await post(`/v1/cases/${caseId}/person-link`, { participantId: ids.gp })).status).toBe(422);
    const stranger = await t
      .http()
      .post(`/v1/cases/${caseId}/person-link`)
      .set(...auth(await t.token('coord-nord')))
      .send({});
    expect(stranger.status).toBe(404);
    const audited = await t.sql<{ purpose: string }>(
      `SELECT "purpose" FROM "scheduling"."audit_log" WHERE "subject_id" = $1 AND "purpose" LIKE 'person-link:%'`,
      [caseId],
    );
    expect(audited).toHaveLength(2);
  });

  it('shows the person, in easy Dutch, who is involved, the next meeting in Brussels time, and who read the file', async () => {
    const page = await t.http().get(`/me/${personToken}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="nl">');
    expect(page.text).toContain('Dag Simone.');
    expect(page.text).toContain('Jan Peeters, een naaste');
    expect(page.text).toMatch(/woensdag 25 november 2026.*10:00/);
    // The decisions section exists and stays empty until the concertation record exists.
    expect(page.text).toContain('Er is nog niets beslist.');
    // In plain words: who, in which role, did what, when.
    expect(page.text).toMatch(
      /Op 23 november 2026 heeft Coordinator Sud \(demo\), coördinator van bassin Sud uw dossier geopend\./,
    );
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain('Mijn toestemming intrekken');
    const en = await t.http().get(`/me/${personToken}?lang=en`);
    expect(en.text).toMatch(
      /On 23 November 2026, Coordinator Sud \(demo\), coordinator of bassin Sud opened your file\./,
    );
  });

  it('shows a relative what the consent shares with them, and no withdrawal', async () => {
    const page = await t.http().get(`/me/${relativeToken}?lang=fr`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).not.toContain('Bonjour Simone');
    expect(page.text).not.toContain('Qui vous aide');
    expect(page.text).not.toContain('Retirer mon accord');
    expect((await t.http().post(`/me/${relativeToken}/withdraw`).type('form').send({})).status).toBe(403);
  });

  it('withdraws the consent in two steps: a confirmation page that changes nothing, then its button', async () => {
    const confirm = await t.http().get(`/me/${personToken}/withdraw?lang=nl`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Uw toestemming intrekken?');
    expect(confirm.text).toContain('href="../pages.css"');
    const consent = () =>
      t
        .http()
        .get(`/v1/cases/${caseId}/consent`)
        .set(...auth(coord));
    expect((await consent()).body.status).toBe('granted');

    const cross = await t
      .http()
      .post(`/me/${personToken}/withdraw`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({});
    expect(cross.status).toBe(403);
    expect((await consent()).body.status).toBe('granted');

    const done = await t.http().post(`/me/${personToken}/withdraw?lang=nl`).set('Origin', BASE).type('form').send({});
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`../${personToken}?lang=nl&done=withdrawn`);
    const after = (await consent()).body;
    expect(after).toMatchObject({ status: 'revoked', givenBy: 'person' });
    expect(after.recordedBy).toMatch(/^person-link:/);
    const events = await t.sql<{ status: string }>(
      `SELECT "envelope"->'data'->>'status' AS status FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'consent.changed'`,
    );
    expect(events.map((e) => e.status).sort()).toEqual(['granted', 'revoked']);
    const page = await t.http().get(`/me/${personToken}?lang=nl&done=withdrawn`);
    expect(page.text).toContain('Uw toestemming is ingetrokken.');
    expect(page.text).toMatch(/Op 23 november 2026 trok u uw toestemming in\./);
    expect(page.text).not.toContain('Mijn toestemming intrekken');
  });

  it('explains a bad link in three languages (404), and an expired one (410)', async () => {
    for (const bad of ['nonsense', `${personToken}x`, 'a.b']) {
      const page = await t.http().get(`/me/${bad}`);
      expect(page.status).toBe(404);
      expect(page.text).toContain('This link does not exist.');
      expect(page.text).toContain('Deze link bestaat niet.');
    }
    clock.set(new Date('2026-12-24T08:00:00Z'));
    const gone = await t.http().get(`/me/${personToken}`);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('Vraag een nieuwe link aan uw coördinator.');
  });
});
