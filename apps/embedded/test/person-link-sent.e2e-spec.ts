import { simpleParser } from 'mailparser';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';
import { DevMailboxSender } from '../../notifications/src/modules/invitations/infrastructure/dev-mailbox.sender.js';

type Json = Record<string, any>;

const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const BASE = 'https://concerto.example.test';
const SHORT_LINK = new RegExp(`${BASE.replace(/\./g, '\\.')}/me/([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])`);

/**
 * The person's own link is sent, not only returned (ADR 0025, amendment): to the person on their
 * channel, in their language, easy-read, and to the close ones the consent shares the case's status
 * with, each their own link; a letter to print for a person without e-mail or phone. The link
 * (a bearer credential) never travels in an event: notifications reads it from scheduling's card.
 */
describe("the person's link, sent to her (embedded)", () => {
  let t: TestEngine;
  let mailbox: DevMailboxSender;
  let coord: string;
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
  const post = (path: string, body: object) =>
    t
      .http()
      .post(path)
      .set(...auth(coord))
      .send(body);
  const linkMails = async (address: string) =>
    (await mailbox.list()).filter((m) => m.to === address && m.idempotencyKey.startsWith('person-link:'));

  async function openCase(givenName: string, familyName: string) {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set(...auth(await t.token('pro-hospital-nurse')))
      .send(
        alertBody(
          { type: 'imminent-discharge', urgency: 'urgent', deadline: '2026-11-30T16:00:00+01:00' },
          { givenName, familyName, address: { postalCode: '1180' }, preferredLanguage: 'nl' },
        ),
      );
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    const person = await expectEventually(async () => {
      const team = await t
        .http()
        .get(`/v1/cases/${caseId}/participants`)
        .set(...auth(coord));
      expect(team.body.participants).toHaveLength(1);
      return team.body.participants[0].id as string;
    });
    return { caseId, person };
  }

  beforeAll(async () => {
    t = await startTestEngine({ clock, config: { PUBLIC_BASE_URL: BASE, COORDINATION_PHONE: '+32 2 000 00 99' } });
    mailbox = t.engine.app.get(DevMailboxSender, { strict: false });
    coord = await t.token('coord-sud');
  });
  afterAll(() => t?.close());

  it('sends Simone her link by e-mail, in easy Dutch, and her son his own; the links open their page', async () => {
    const { caseId, person } = await openCase('Simone', 'Peeters');
    expect(
      (
        await t
          .http()
          .patch(`/v1/cases/${caseId}/participants/${person}`)
          .set(...auth(coord))
          .send({ email: 'simone.peeters@example.test', language: 'nl' })
      ).status,
    ).toBe(200);
    const son = (
      await post(`/v1/cases/${caseId}/participants`, {
        kind: 'relative',
        displayName: 'Jan Peeters',
        language: 'fr',
        email: 'jan.peeters@example.test',
      })
    ).body.participant.id;
    expect(
      (
        await post(`/v1/cases/${caseId}/consent`, {
          decision: 'granted',
          givenBy: 'person',
          scopes: [{ participantId: son, dataCategories: ['case-status'] }],
        })
      ).status,
    ).toBe(200);

    const issued = await post(`/v1/cases/${caseId}/person-link`, {});
    expect(issued.status).toBe(201);
    expect(issued.body.sentTo.sort()).toEqual([person, son].sort());

    const [mail] = await expectEventually(async () => {
      const mails = await linkMails('simone.peeters@example.test');
      expect(mails).toHaveLength(1);
      return mails;
    });
    const parsed = await simpleParser((await mailbox.read(mail.id))!);
    expect(parsed.subject).toBe('Uw eigen pagina');
    expect(parsed.text).toContain('Dag Simone Peeters,');
    expect(parsed.text).toContain('Hier is de link naar uw eigen pagina.');
    expect(parsed.text).toContain('Bel +32 2 000 00 99');
    const token = SHORT_LINK.exec(parsed.text ?? '')![1];
    const page = await t.http().get(`/me/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="nl">');
    expect(page.text).toContain('Dag Simone.');
    expect(page.text).toContain('Mijn toestemming intrekken');

    // The son: his own link, in French, for a close one (no withdrawal on his page).
    const [sonMail] = await expectEventually(async () => {
      const mails = await linkMails('jan.peeters@example.test');
      expect(mails).toHaveLength(1);
      return mails;
    });
    const sonText = (await simpleParser((await mailbox.read(sonMail.id))!)).text ?? '';
    expect(sonText).toContain('Voici le lien vers la page de votre proche.');
    const sonToken = SHORT_LINK.exec(sonText)![1];
    expect(sonToken).not.toBe(token);
    const sonPage = await t.http().get(`/me/${sonToken}`);
    expect(sonPage.status).toBe(200);
    expect(sonPage.text).toContain('<html lang="fr">');
    expect(sonPage.text).not.toContain('Retirer mon accord');

    // Never the link in an event, a job or the notifications database: ids only.
    const outbox = await t.sql<{ envelope: Json }>(
      `SELECT "envelope" FROM "scheduling"."outbox" WHERE "envelope"->>'type' = 'person.link-issued'`,
    );
    expect(outbox).toHaveLength(2);
    for (const { envelope } of outbox) {
      expect(Object.keys(envelope.data).sort()).toEqual(
        ['caseId', 'expiresAt', 'issuedAt', 'issuedBy', 'participantId', 'personLinkId'].sort(),
      );
      expect(JSON.stringify(envelope)).not.toContain(token);
      expect(JSON.stringify(envelope)).not.toContain(sonToken);
    }
    const stored = await t.sql<{ row: string }>(
      `SELECT row_to_json(d)::text AS "row" FROM "notifications"."deliveries" d WHERE "kind" = 'person-link'`,
    );
    expect(stored).toHaveLength(2);
    expect(stored.map((r) => r.row).join('\n')).not.toMatch(new RegExp(`${token}|${sonToken}`));
    // The database keeps the short token's hash, never the token.
    const links = await t.sql<{ row: string }>(
      `SELECT row_to_json(l)::text AS "row" FROM "scheduling"."person_links" l`,
    );
    expect(links.map((r) => r.row).join('\n')).not.toMatch(new RegExp(`${token}|${sonToken}`));
    // Handing over only (send: false) sends nothing more.
    const handed = await post(`/v1/cases/${caseId}/person-link`, { send: false });
    expect(handed.body.sentTo).toEqual([]);
  });

  it('makes a letter to print, in easy Dutch, for a person without e-mail or phone', async () => {
    const { caseId } = await openCase('Maria', 'Janssens');
    expect(
      (await post(`/v1/cases/${caseId}/consent`, { decision: 'granted', givenBy: 'person', scopes: [] })).status,
    ).toBe(200);
    const issued = await post(`/v1/cases/${caseId}/person-link`, {});
    expect(issued.status).toBe(201);
    const task = await expectEventually(async () => {
      const tasks = (
        await t
          .http()
          .get(`/v1/cases/${caseId}/tasks`)
          .set(...auth(coord))
      ).body.tasks as Json[];
      const found = tasks.find((x) => x.kind === 'post-letter' && x.messageKind === 'person-link');
      expect(found).toMatchObject({ status: 'open', language: 'nl' });
      return found!;
    });
    const letter = await t
      .http()
      .get(task.letterUrl)
      .set(...auth(coord));
    expect(letter.status).toBe(200);
    expect(letter.text).toContain('<html lang="nl">');
    expect(letter.text).toContain('Uw eigen pagina');
    expect(letter.text).toContain('Maria Janssens');
    const token = SHORT_LINK.exec(letter.text)![1];
    const page = await t.http().get(`/me/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Dag Maria.');
  });
});
