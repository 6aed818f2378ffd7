import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { InvitationCardsService } from '../../scheduling/src/modules/concertations/interface/in-process/invitation-cards.service.js';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';

const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const BASE = 'https://concerto.example.test';
const ADDRESS = 'Rue de la Station 12A, 1180 Uccle';

/**
 * A room's street address and its access (structured, no free text): the invitee's page, the
 * invitation e-mail and its calendar entry's LOCATION, and the person's page all show them
 * (issue 16: "the place, with its address and step-free access"; ADR 0025, amendment).
 */
describe('rooms with a street address (embedded)', () => {
  let t: TestEngine;
  let coord: string;
  let caseId: string;
  let concertationId: string;
  let roomId: string;
  const ids: Record<string, string> = {};
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
  const post = (path: string, body: object) =>
    t
      .http()
      .post(path)
      .set(...auth(coord))
      .send(body);

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
    caseId = res.body.caseId;
    await expectEventually(async () => {
      const team = await t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set(...auth(coord));
      expect(team.body.participants).toHaveLength(1);
    });
    ids.relative = (
      await post(`/v1/cases/${caseId}/participants`, {
        kind: 'relative',
        displayName: 'Jan Peeters',
        language: 'nl',
        email: 'jan.peeters@example.test',
      })
    ).body.participant.id;
    expect(
      (
        await post(`/v1/cases/${caseId}/consent`, {
          decision: 'granted',
          givenBy: 'person',
          scopes: [{ participantId: ids.relative, dataCategories: ['meeting-details'] }],
        })
      ).status,
    ).toBe(200);
  });
  afterAll(() => t?.close());

  it('records the address and access in structured form, and refuses a malformed one', async () => {
    const bad = await post('/v1/bassins/sud/rooms', {
      name: 'Salle Uccle',
      capacity: 8,
      stepFree: true,
      address: { street: 'Rue de la Station', number: '12A', postalCode: '118', municipality: 'Uccle' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const room = await post('/v1/bassins/sud/rooms', {
      name: 'Salle Uccle',
      capacity: 8,
      stepFree: true,
      lift: true,
      disabledParking: true,
      address: { street: 'Rue de la Station', number: '12A', postalCode: '1180', municipality: 'Uccle' },
    });
    expect(room.status).toBe(201);
    roomId = room.body.id;
    const listed = await t
      .http()
      .get('/v1/bassins/sud/rooms')
      .set(...auth(coord));
    expect(listed.body.find((r: { id: string }) => r.id === roomId)).toMatchObject({
      stepFree: true,
      lift: true,
      disabledParking: true,
      address: { street: 'Rue de la Station', number: '12A', postalCode: '1180', municipality: 'Uccle' },
    });
    // A room without an address still works (rooms added before addresses existed have none).
    const plain = await post('/v1/bassins/sud/rooms', { name: 'Salle sans adresse', capacity: 4, stepFree: false });
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ lift: false, disabledParking: false });
    expect(plain.body.address).toBeUndefined();

    const meeting = await post(`/v1/cases/${caseId}/concertations`, {
      start: '2026-11-25T09:00:00Z',
      end: '2026-11-25T10:00:00Z',
      location: { kind: 'room', roomId },
    });
    expect(meeting.status).toBe(201);
    concertationId = meeting.body.concertation.id;
  });

  it("shows the address and the access on the invitee's page, in the invitee's language", async () => {
    const meeting = (
      await t
        .http()
        .get(`/v1/concertations/${concertationId}`)
        .set(...auth(coord))
    ).body;
    const inv = meeting.invitations.find((i: { participantId: string }) => i.participantId === ids.relative);
    const card = (await t.engine.app.get(InvitationCardsService, { strict: false }).deliveryCard(inv.id))!;
    expect(card.location).toMatchObject({
      kind: 'room',
      label: 'Salle Uccle',
      address: ADDRESS,
      access: { stepFree: true, lift: true, disabledParking: true },
    });
    const token = card.links.acceptUrl.slice(`${BASE}/a/`.length);
    const nl = await t.http().get(`/a/${token}`);
    expect(nl.status).toBe(200);
    expect(nl.text).toContain('Salle Uccle');
    expect(nl.text).toContain(ADDRESS);
    expect(nl.text).toContain('Toegankelijk zonder trappen.');
    expect(nl.text).toContain('Er is een lift.');
    expect(nl.text).toContain('Er is een parking voor personen met een handicap.');
    const fr = await t.http().get(`/a/${token}?lang=fr`);
    expect(fr.text).toContain('Il y a un ascenseur.');
    const en = await t.http().get(`/a/${token}?lang=en`);
    expect(en.text).toContain('There is parking for disabled people.');
  });

  it("writes the address in the invitation e-mail and in its calendar entry's LOCATION", async () => {
    const mailbox = join(t.dataDir, 'mailbox');
    const eml = await expectEventually(async () => {
      for (const f of (await readdir(mailbox, { recursive: true })).filter((n) => n.endsWith('.eml'))) {
        const raw = await readFile(join(mailbox, f), 'utf8');
        if (raw.includes('jan.peeters@example.test') && raw.includes('METHOD:REQUEST')) {
          return raw;
        }
      }
      throw new Error('no invitation to the son yet');
    });
    const mail = await simpleParser(eml);
    expect(mail.text).toContain(`Adres: ${ADDRESS}`);
    const ics = mail.attachments.find((a) => /calendar/.test(a.contentType))?.content.toString('utf8') ?? '';
    const location = ics
      .replace(/\r\n[ \t]/g, '')
      .split('\r\n')
      .find((l) => l.startsWith('LOCATION'));
    // ICS text escapes the comma.
    expect(location).toBe(`LOCATION:Salle Uccle\\, ${ADDRESS.replace(',', '\\,')}`);
  });

  it("shows the address and the access on the person's page", async () => {
    const issued = await post(`/v1/cases/${caseId}/person-link`, {});
    expect(issued.status).toBe(201);
    const page = await t.http().get(`/me/${String(issued.body.url).slice(`${BASE}/me/`.length)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Salle Uccle');
    expect(page.text).toContain(ADDRESS);
    expect(page.text).toContain('Er is een lift.');
  });
});
