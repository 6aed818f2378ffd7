import { createHash } from 'node:crypto';
import { RsvpLinkSigner } from '#concerto/auth';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';
import { InvitationCardsService } from '../../scheduling/src/modules/concertations/interface/in-process/invitation-cards.service.js';

const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
const MEETING = { start: '2026-11-25T13:00:00.000Z', end: '2026-11-25T14:00:00.000Z' };

describe('short answer links: 22 characters, stored hashed, same checks as signed links (embedded)', () => {
  let t: TestEngine;
  let coord: string;
  let concertationId: string;
  let invitationId: string;
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
  const post = (path: string, body: object) =>
    t
      .http()
      .post(path)
      .set(...auth(coord))
      .send(body);
  const tokenOf = (url: string) => url.split('/a/')[1];
  const card = async () =>
    (await t.engine.app.get(InvitationCardsService, { strict: false }).deliveryCard(invitationId))!;
  const status = async () =>
    (
      await t
        .http()
        .get(`/v1/concertations/${concertationId}`)
        .set(...auth(coord))
    ).body.invitations.find((i: { id: string }) => i.id === invitationId).status as string;

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    coord = await t.token('coord-sud');
    const alert = await t
      .http()
      .post('/v1/alerts')
      .set(...auth(await t.token('pro-hospital-nurse')))
      .send(
        alertBody(
          { type: 'imminent-discharge', urgency: 'urgent', deadline: '2026-11-26T16:00:00+01:00' },
          { givenName: 'Simone', familyName: 'Peeters', address: { postalCode: '1180' }, preferredLanguage: 'nl' },
        ),
      );
    const caseId = alert.body.caseId as string;
    await expectEventually(async () =>
      expect(
        (
          await t
            .http()
            .get(`/v1/cases/${caseId}/participants`)
            .set(...auth(coord))
        ).status,
      ).toBe(200),
    );
    const gp = await post(`/v1/cases/${caseId}/participants`, {
      kind: 'professional',
      professionalId: 'pro-gp',
      required: true,
      email: 'gp@example.test',
    });
    expect(gp.status).toBe(201);
    const consent = await post(`/v1/cases/${caseId}/consent`, {
      decision: 'granted',
      givenBy: 'person',
      scopes: [{ participantId: gp.body.participant.id, dataCategories: ['meeting-details', 'case-status'] }],
    });
    expect(consent.status).toBe(200);
    const scheduled = await post(`/v1/cases/${caseId}/concertations`, { ...MEETING, location: { kind: 'video' } });
    expect(scheduled.status).toBe(201);
    concertationId = scheduled.body.concertation.id;
    invitationId = scheduled.body.concertation.invitations.find(
      (i: { participantId: string }) => i.participantId === gp.body.participant.id,
    ).id;
  });
  afterAll(() => t?.close());

  it('should issue one 22-character token per action, the same each time, kept only as a hash', async () => {
    const { links } = await card();
    const tokens = [links.acceptUrl, links.declineUrl, links.writtenInputUrl].map(tokenOf);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
    expect(new Set(tokens).size).toBe(3);
    expect((await card()).links).toEqual(links);
    const rows = await t.sql<Record<string, unknown>>(
      `SELECT * FROM "scheduling"."answer_links" WHERE "invitation_id" = $1 ORDER BY "action"`,
      [invitationId],
    );
    expect(rows.map((r) => [r.action, r.meeting_sequence])).toEqual([
      ['accept', 0],
      ['decline', 0],
      ['written-input', 0],
    ]);
    const stored = JSON.stringify(rows);
    for (const token of tokens) {
      expect(stored).not.toContain(token);
      expect(stored).toContain(createHash('sha256').update(token).digest('hex'));
    }
  });

  it('should show on GET without answering, answer on POST, and refuse a token one character off', async () => {
    const { links } = await card();
    const accept = tokenOf(links.acceptUrl);
    const shown = await t.http().get(`/v1/rsvp/${accept}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ action: 'accept', meeting: { status: 'scheduled' } });
    expect(await status()).not.toBe('accepted');
    const flipped = accept.slice(0, -1) + (accept.endsWith('A') ? 'B' : 'A');
    expect((await t.http().get(`/v1/rsvp/${flipped}`)).status).toBe(404);
    expect((await t.http().post(`/v1/rsvp/${flipped}`).send({})).status).toBe(404);
    expect((await t.http().post(`/v1/rsvp/${accept}`).send({})).status).toBe(200);
    expect(await status()).toBe('accepted');
    // one purpose: the decline link declines, whatever the accept link did
    expect(
      (
        await t
          .http()
          .post(`/v1/rsvp/${tokenOf(links.declineUrl)}`)
          .send({})
      ).status,
    ).toBe(200);
    expect(await status()).toBe('declined');
  });

  it('should still accept a signed link of an older message, with the same checks', async () => {
    const signer = t.engine.app.get(RsvpLinkSigner, { strict: false });
    const signed = signer.sign({
      invitationId,
      meetingId: concertationId,
      meetingSequence: 0,
      action: 'accept',
      expiresAt: new Date(MEETING.end),
    });
    expect((await t.http().get(`/v1/rsvp/${signed}`)).body).toMatchObject({ action: 'accept' });
    expect((await t.http().post(`/v1/rsvp/${signed}`).send({})).status).toBe(200);
    expect(await status()).toBe('accepted');
  });

  it('should turn the links of a previous version away once the meeting moves, and expire with it', async () => {
    const before = tokenOf((await card()).links.acceptUrl);
    const moved = await post(`/v1/concertations/${concertationId}/reschedule`, {
      start: '2026-11-25T14:00:00.000Z',
      end: '2026-11-25T15:00:00.000Z',
      location: { kind: 'video' },
    });
    expect(moved.status).toBe(200);
    expect((await t.http().post(`/v1/rsvp/${before}`).send({})).status).toBe(409);
    const after = tokenOf((await card()).links.acceptUrl);
    expect(after).not.toBe(before);
    expect((await t.http().get(`/v1/rsvp/${after}`)).status).toBe(200);
    clock.set(new Date('2026-11-25T15:00:00.000Z'));
    expect((await t.http().post(`/v1/rsvp/${after}`).send({})).status).toBe(409);
  });
});
