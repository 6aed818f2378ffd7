import { InvitationCardsService } from '../../scheduling/src/modules/concertations/interface/in-process/invitation-cards.service.js';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';

// Monday 23 November 2026, 09:00 in Brussels (UTC+1).
const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const BASE = 'https://concerto.example.test';

/**
 * The invitee's page (/a/<token>) and the date poll's page (/p/<token>): server-rendered, no
 * account, no script; GET records nothing, each button's POST records the answer (ADR 0025).
 */
describe('invitee and date-poll pages (embedded)', () => {
  let t: TestEngine;
  let coord: string;
  let caseId: string;
  let concertationId: string;
  const ids: Record<string, string> = {};
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
  const post = (path: string, body: object) =>
    t
      .http()
      .post(path)
      .set(...auth(coord))
      .send(body);

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
    ids.nurse = (
      await post(`/v1/cases/${caseId}/participants`, {
        kind: 'professional',
        professionalId: 'pro-home-nurse',
        email: 'nurse@example.test',
      })
    ).body.participant.id;
    // The GP may see the care team; the son (a relative) sees the meeting only.
    const consent = await post(`/v1/cases/${caseId}/consent`, {
      decision: 'granted',
      givenBy: 'person',
      scopes: [
        { participantId: ids.gp, dataCategories: ['meeting-details', 'care-team'] },
        { participantId: ids.nurse, dataCategories: ['meeting-details'] },
        { participantId: ids.relative, dataCategories: ['meeting-details'] },
      ],
    });
    expect(consent.status).toBe(200);
    const room = await post('/v1/bassins/sud/rooms', {
      name: 'Salle Sud (rez-de-chaussée)',
      capacity: 10,
      stepFree: true,
    });
    expect(room.status).toBe(201);
    const meeting = await post(`/v1/cases/${caseId}/concertations`, {
      start: '2026-11-25T09:00:00Z',
      end: '2026-11-25T10:00:00Z',
      location: { kind: 'room', roomId: room.body.id },
    });
    expect(meeting.status).toBe(201);
    concertationId = meeting.body.concertation.id;
  });
  afterAll(() => t?.close());

  const cards = () => t.engine.app.get(InvitationCardsService, { strict: false });
  async function links(participantId: string) {
    const meeting = (
      await t
        .http()
        .get(`/v1/concertations/${concertationId}`)
        .set(...auth(coord))
    ).body;
    const inv = meeting.invitations.find((i: { participantId: string }) => i.participantId === participantId);
    return (await cards().deliveryCard(inv.id))!.links;
  }
  const tokenOf = (url: string) => {
    expect(url.startsWith(`${BASE}/a/`)).toBe(true);
    return url.slice(`${BASE}/a/`.length);
  };
  async function statusOf(participantId: string) {
    const meeting = (
      await t
        .http()
        .get(`/v1/concertations/${concertationId}`)
        .set(...auth(coord))
    ).body;
    return meeting.invitations.find((i: { participantId: string }) => i.participantId === participantId).status;
  }
  const answeredEvents = async () =>
    (
      await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'invitation.answered'`,
      )
    )[0].n;

  it('links in the invitation point to the page at PUBLIC_BASE_URL', async () => {
    const l = await links(ids.gp);
    for (const url of Object.values(l)) {
      expect(url).toMatch(new RegExp(`^${BASE.replace(/\./g, '\\.')}/a/[A-Za-z0-9_-]{22}$`));
    }
  });

  it('shows the meeting in Brussels time and the language of the invitee, and records nothing on GET', async () => {
    const token = tokenOf((await links(ids.relative)).acceptUrl);
    const before = await answeredEvents();
    for (let i = 0; i < 3; i++) {
      const page = await t.http().get(`/a/${token}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<html lang="nl">');
      expect(page.text).toContain('Uitnodiging voor een overleg');
      // 09:00 UTC is 10:00 in Brussels in November.
      expect(page.text).toMatch(/woensdag 25 november 2026.*10:00/);
      expect(page.text).toContain('Salle Sud (rez-de-chaussée)');
      expect(page.text).toContain('Toegankelijk zonder trappen.');
      expect(page.text).toContain('+32 2 000 00 99');
      expect(page.text.match(/<form method="post"/g)).toHaveLength(3);
      expect(page.text).not.toMatch(/<script/i);
      expect(page.headers['content-security-policy']).toContain("form-action 'self'");
    }
    expect(['pending', 'delivered']).toContain(await statusOf(ids.relative));
    expect(await answeredEvents()).toBe(before);
  });

  it('switches language with a plain link', async () => {
    const token = tokenOf((await links(ids.relative)).declineUrl);
    const fr = await t.http().get(`/a/${token}?lang=fr`);
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toMatch(/mercredi 25 novembre 2026.*10:00/);
    expect(fr.text).toContain('Accessible sans marche.');
    const en = await t.http().get(`/a/${token}?lang=en`);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('I will come');
    expect(en.text).toContain('href="?lang=nl"');
    expect((await t.http().get('/a/pages.css')).headers['content-type']).toMatch(/^text\/css/);
  });

  it('shows who else is invited only within the consent', async () => {
    const gpPage = (await t.http().get(`/a/${tokenOf((await links(ids.gp)).acceptUrl)}`)).text;
    expect(gpPage).toMatch(/Simone Peeters/);
    const sonPage = (await t.http().get(`/a/${tokenOf((await links(ids.relative)).acceptUrl)}`)).text;
    expect(sonPage).not.toMatch(/Simone Peeters|pro-gp|Wie is er nog uitgenodigd/);
    const nursePage = (await t.http().get(`/a/${tokenOf((await links(ids.nurse)).acceptUrl)}`)).text;
    expect(nursePage).not.toMatch(/Simone Peeters|Jan Peeters/);
  });

  it('records the answer of the pressed button, then shows it (Post/Redirect/Get)', async () => {
    // The link sent for "accept" opens the page; the invitee presses "decline".
    const token = tokenOf((await links(ids.relative)).acceptUrl);
    const res = await t.http().post(`/a/${token}?lang=nl`).type('form').send({ choice: 'decline' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${token}?lang=nl`);
    expect(await statusOf(ids.relative)).toBe('declined');
    const after = await t.http().get(`/a/${token}?lang=nl`);
    expect(after.text).toContain('Dank u. Uw antwoord is bewaard: u komt niet.');
    const again = await t.http().post(`/a/${token}?lang=en`).type('form').send({ choice: 'accept' });
    expect(again.status).toBe(303);
    expect(await statusOf(ids.relative)).toBe('accepted');
    expect((await t.http().get(`/a/${token}?lang=en`)).text).toContain('Your answer is saved: you will come.');
  });

  it('asks for the written input next to its field, and records it', async () => {
    const token = tokenOf((await links(ids.nurse)).writtenInputUrl);
    const empty = await t
      .http()
      .post(`/a/${token}?lang=fr`)
      .type('form')
      .send({ choice: 'written-input', writtenInput: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('aria-invalid="true"');
    expect(empty.text).toContain('Écrivez votre avis avant de l’envoyer.');
    const sent = await t
      .http()
      .post(`/a/${token}`)
      .type('form')
      .send({ choice: 'written-input', writtenInput: 'Wondzorg gaat goed.' });
    expect(sent.status).toBe(303);
    expect(await statusOf(ids.nurse)).toBe('written-input');
  });

  it('refuses a form posted from another site, and a form without a button', async () => {
    const token = tokenOf((await links(ids.gp)).acceptUrl);
    const cross = await t
      .http()
      .post(`/a/${token}`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ choice: 'accept' });
    expect(cross.status).toBe(403);
    const nullOrigin = await t.http().post(`/a/${token}`).set('Origin', 'null').type('form').send({ choice: 'accept' });
    expect(nullOrigin.status).toBe(403);
    const referer = await t
      .http()
      .post(`/a/${token}`)
      .set('Referer', 'https://evil.example/x')
      .type('form')
      .send({ choice: 'accept' });
    expect(referer.status).toBe(403);
    expect((await t.http().post(`/a/${token}`).type('form').send({ choice: 'maybe' })).status).toBe(400);
    expect(['pending', 'delivered']).toContain(await statusOf(ids.gp));
    const ours = await t.http().post(`/a/${token}`).set('Origin', BASE).type('form').send({ choice: 'accept' });
    expect(ours.status).toBe(303);
    expect(await statusOf(ids.gp)).toBe('accepted');
  });

  it('explains an unknown link in three languages with 404, never a 500', async () => {
    for (const bad of ['nonsense', 'a.b', `${tokenOf((await links(ids.gp)).acceptUrl)}x`, 'x'.repeat(3000)]) {
      const page = await t.http().get(`/a/${bad}`);
      expect(page.status).toBe(404);
      expect(page.text).toContain('Ce lien n’existe pas.');
      expect(page.text).toContain('Deze link bestaat niet.');
      expect(page.text).toContain('This link does not exist.');
      expect((await t.http().post(`/a/${bad}`).type('form').send({ choice: 'accept' })).status).toBe(404);
    }
    // The JSON route for API clients keeps working.
    expect((await t.http().get(`/v1/rsvp/${tokenOf((await links(ids.gp)).acceptUrl)}`)).body.action).toBe('accept');
  });

  let poll: { status: number; body: { invitations: Array<{ id: string; participantId: string }> } };

  it('shows the date poll with a choice per date in Brussels time, and records nothing on GET', async () => {
    poll = await post(`/v1/cases/${caseId}/concertations/polls`, {
      options: [
        { start: '2026-11-26T13:00:00Z', end: '2026-11-26T14:00:00Z' },
        { start: '2026-11-27T09:00:00Z', end: '2026-11-27T10:00:00Z' },
      ],
      closesAt: '2026-11-24T12:00:00+01:00',
      location: { kind: 'video', label: 'https://meet.example.test/poll' },
    });
    expect(poll.status).toBe(201);
    const inv = poll.body.invitations.find((i) => i.participantId === ids.relative)!;
    const url = (await cards().pollCard(inv.id))!.answerUrl;
    expect(url.startsWith(`${BASE}/p/`)).toBe(true);
    const token = url.slice(`${BASE}/p/`.length);
    const page = await t.http().get(`/p/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="nl">');
    expect(page.text).toMatch(/donderdag 26 november 2026.*14:00/);
    expect(page.text).toMatch(/vrijdag 27 november 2026.*10:00/);
    expect(page.text.match(/type="radio"/g)).toHaveLength(6);
    expect((await t.http().get(`/v1/polls/answers/${token}`)).body.answers).toBeNull();

    const missing = await t.http().post(`/p/${token}?lang=en`).type('form').send({ option0: 'yes' });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Please answer for each date.');
    const sent = await t
      .http()
      .post(`/p/${token}?lang=nl`)
      .type('form')
      .send({ option0: 'yes', option1: 'if-need-be' });
    expect(sent.status).toBe(303);
    expect((await t.http().get(`/v1/polls/answers/${token}`)).body.answers).toEqual(['yes', 'if-need-be']);
    const shown = await t.http().get(`/p/${token}?lang=nl`);
    expect(shown.text).toContain('Dank u. Uw antwoorden zijn bewaard.');
    expect(shown.text).toMatch(/value="yes"\s+checked/);
  });

  it('says a link is no longer valid with 410 once it has expired or the poll closed', async () => {
    const token = tokenOf((await links(ids.gp)).acceptUrl);
    const inv = poll.body.invitations.find((i) => i.participantId === ids.gp)!;
    const pollToken = (await cards().pollCard(inv.id))!.answerUrl.split('/p/')[1];
    clock.set(new Date('2026-11-26T12:00:00Z'));
    const gone = await t.http().get(`/a/${token}`);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('Deze link werkt niet meer.');
    expect(gone.text).toContain('+32 2 000 00 99');
    expect((await t.http().post(`/a/${token}`).type('form').send({ choice: 'decline' })).status).toBe(410);
    const closed = await t.http().get(`/p/${pollToken}`);
    expect(closed.status).toBe(410);
    expect(closed.text).toContain('This poll is closed.');
  });
});
