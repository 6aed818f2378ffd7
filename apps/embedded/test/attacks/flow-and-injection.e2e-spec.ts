import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { InvitationCardsService } from '../../../scheduling/src/modules/concertations/interface/in-process/invitation-cards.service.js';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';
import { auth, meetingSlot, type NordCase, openNordCase } from './bassin-fixture.js';

/**
 * Quality bar §7c-13 (business-flow abuse → 409) and -16 (CR/LF and markup in names never become a
 * header, a calendar line or letter markup). The consent-before-invitation 409 is also in
 * concertation.e2e-spec.ts; reusing a link after the meeting moved is in concertation.e2e-spec.ts.
 */
describe('attacks: business-flow abuse and injection through names (embedded)', () => {
  let t: TestEngine;
  let nord: NordCase;
  let coord: string;
  // Intake allows letters, apostrophes, dots and hyphens in a person's name: the apostrophe is the hostile part.
  const HOSTILE = { givenName: 'Zoë', familyName: `O'Brien-Attack` };

  beforeAll(async () => {
    t = await startTestEngine({ config: { WRITE_RATE_LIMIT_PER_MINUTE: '10000' } });
    nord = await openNordCase(t, uniquePerson(HOSTILE));
    coord = await t.token('coord-nord');
  });
  afterAll(() => t?.close());

  const post = (path: string, body: object = {}, token = coord) =>
    t
      .http()
      .post(path)
      .set(...auth(token))
      .send(body);
  const expectConflict = (label: string, res: { status: number; headers: Record<string, string> }) => {
    expect([label, res.status]).toEqual([label, 409]);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  it('should answer 409 to moving, cancelling or answering a cancelled meeting', async () => {
    const id = nord.cancelledConcertationId;
    expectConflict(
      'reschedule a cancelled meeting',
      await post(`/v1/concertations/${id}/reschedule`, { ...meetingSlot(6), location: { kind: 'video' } }),
    );
    expectConflict('cancel twice', await post(`/v1/concertations/${id}/cancel`));
    const meeting = (
      await t
        .http()
        .get(`/v1/concertations/${id}`)
        .set(...auth(coord))
    ).body;
    expect(meeting.status).toBe('cancelled');
    const cards = t.engine.app.get(InvitationCardsService, { strict: false });
    const card = await cards.deliveryCard(meeting.invitations[0].id);
    const link = card!.links.acceptUrl.split('/a/')[1];
    const answer = await t.http().post(`/v1/rsvp/${link}`).send({});
    expect([404, 409, 410]).toContain(answer.status);
    expect(answer.status).not.toBe(200);
  });

  it('should not take the same answer link twice into a different answer, nor answer a closed poll', async () => {
    expect((await t.http().post(`/v1/rsvp/${nord.rsvp.accept}`).send({})).status).toBe(200);
    // Replaying the same answer is harmless (idempotent); switching through a stale link is not a new right.
    const replay = await t.http().post(`/v1/rsvp/${nord.rsvp.accept}`).send({});
    expect([200, 409]).toContain(replay.status);
    const meeting = (
      await t
        .http()
        .get(`/v1/concertations/${nord.concertationId}`)
        .set(...auth(coord))
    ).body;
    expect(meeting.invitations.filter((i: { status: string }) => i.status === 'accepted')).toHaveLength(1);

    expect((await post(`/v1/polls/${nord.pollId}/close`)).status).toBe(200);
    // Closing again is a replay (retry-safe): it changes nothing.
    const again = await post(`/v1/polls/${nord.pollId}/close`);
    expect([200, 409]).toContain(again.status);
    const late = await t
      .http()
      .post(`/v1/polls/answers/${nord.pollAnswerToken}`)
      .send({ answers: ['yes', 'yes'] });
    expect([409, 410]).toContain(late.status);
  });

  it('should answer 409 to a second coordinator acknowledging and to scheduling before consent', async () => {
    expect((await post(`/v1/cases/${nord.caseId}/acknowledge`)).status).toBe(200);
    // Every signal is acknowledged once (issue 15): with nothing pending, the same coordinator again
    // and anyone else are told there is nothing to acknowledge.
    expectConflict('acknowledge again, same coordinator', await post(`/v1/cases/${nord.caseId}/acknowledge`));
    expectConflict(
      'acknowledge again, another coordinator',
      await post(`/v1/cases/${nord.caseId}/acknowledge`, {}, await t.token('backup-nord')),
    );

    const fresh = await post(
      '/v1/alerts',
      alertBody({}, uniquePerson({ address: { postalCode: '1090' } })),
      await t.token('pro-home-nurse'),
    );
    await expectEventually(async () =>
      expect(
        (
          await t
            .http()
            .get(`/v1/cases/${fresh.body.caseId}/participants`)
            .set(...auth(coord))
        ).status,
      ).toBe(200),
    );
    expectConflict(
      'invite before consent',
      await post(`/v1/cases/${fresh.body.caseId}/concertations`, { ...meetingSlot(3), location: { kind: 'video' } }),
    );
    expectConflict(
      'poll before consent',
      await post(`/v1/cases/${fresh.body.caseId}/concertations/polls`, {
        options: [meetingSlot(8)],
        closesAt: meetingSlot(6).start,
        location: { kind: 'video' },
      }),
    );
  });

  it('should refuse CR/LF in every name, label and address that reaches a header, a calendar line or a letter', async () => {
    const attempts: Array<[string, string, object]> = [
      [
        'participant name',
        `/v1/cases/${nord.caseId}/participants`,
        { kind: 'relative', displayName: 'Eve\r\nBcc: evil@example.test', email: 'eve@example.test' },
      ],
      [
        'participant e-mail',
        `/v1/cases/${nord.caseId}/participants`,
        { kind: 'relative', displayName: 'Eve', email: 'eve@example.test\r\nBcc: evil@example.test' },
      ],
      [
        'participant postal address',
        `/v1/cases/${nord.caseId}/participants`,
        { kind: 'relative', displayName: 'Eve', postalAddress: 'Rue 1\r\n<script>x</script>' },
      ],
      [
        'meeting location label',
        `/v1/cases/${nord.caseId}/concertations`,
        { ...meetingSlot(7), location: { kind: 'video', label: 'x\r\nATTENDEE:mailto:evil@example.test' } },
      ],
      [
        'room name',
        '/v1/bassins/nord/rooms',
        { name: 'Salle\nATTENDEE:mailto:evil@example.test', capacity: 4, stepFree: true },
      ],
      [
        'person name at intake',
        '/v1/alerts',
        alertBody({}, uniquePerson({ familyName: 'X\r\nBcc: evil@example.test' })),
      ],
    ];
    const nurse = await t.token('pro-home-nurse');
    for (const [label, path, body] of attempts) {
      const res = await post(path, body, path === '/v1/alerts' ? nurse : coord);
      expect([label, res.status]).toEqual([label, 400]);
    }
  });

  it('should keep hostile but valid names inside their header, calendar property and letter text', async () => {
    const hostileName = 'Eve "Boss", evil@example.test; Bcc: x@example.test';
    const added = await post(`/v1/cases/${nord.caseId}/participants`, {
      kind: 'relative',
      displayName: hostileName,
      email: 'eve.hostile@example.test',
    });
    expect(added.status).toBe(201);
    const consent = await post(`/v1/cases/${nord.caseId}/consent`, {
      decision: 'granted',
      givenBy: 'person',
      scopes: [...Object.values(nord.participants), added.body.participant.id].map((participantId) => ({
        participantId,
        dataCategories: ['meeting-details'],
      })),
    });
    expect(consent.status).toBe(200);
    const hostileMeeting = await post(`/v1/cases/${nord.caseId}/concertations`, {
      ...meetingSlot(11),
      location: { kind: 'video', label: 'Room; B,1 \\ "east" <b>bold</b>' },
    });
    expect(hostileMeeting.status).toBe(201);
    const mailbox = join(t.dataDir, 'mailbox');
    const eml = await expectEventually(async () => {
      for (const f of (await readdir(mailbox, { recursive: true })).filter((n) => n.endsWith('.eml'))) {
        const raw = await readFile(join(mailbox, f), 'utf8');
        if (raw.includes('eve.hostile@example.test')) {
          return raw;
        }
      }
      throw new Error('no e-mail to the hostile participant yet');
    });
    const mail = await simpleParser(eml);
    const to = (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value ?? []);
    expect(to.map((a) => a.address)).toEqual(['eve.hostile@example.test']);
    expect(mail.bcc).toBeUndefined();
    expect(mail.cc).toBeUndefined();
    const headerNames = eml
      .split(/\r?\n\r?\n/)[0]
      .split(/\r?\n/)
      .filter((l) => /^[A-Za-z-]+:/.test(l))
      .map((l) => l.split(':')[0].toLowerCase());
    expect(headerNames).not.toContain('bcc');
    const ics =
      mail.attachments.find((a) => /calendar/.test(a.contentType))?.content.toString('utf8') ??
      (mail as { text?: string }).text ??
      '';
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    const lines = unfolded.split('\r\n').filter(Boolean);
    expect(lines.filter((l) => l.startsWith('LOCATION')).length).toBeLessThanOrEqual(1);
    expect(lines.some((l) => /^BCC|^ATTENDEE:mailto:evil/i.test(l))).toBe(false);
    for (const l of lines.filter((x) => x.startsWith('ATTENDEE'))) {
      expect(l).toMatch(/:mailto:[^:]+$/);
    }

    // The person's letter (no e-mail, no phone): the hostile label is text, not markup.
    const letterUrl = await expectEventually(async () => {
      const tasks = (
        await t
          .http()
          .get(`/v1/cases/${nord.caseId}/tasks`)
          .set(...auth(coord))
      ).body.tasks as Array<{ kind: string; letterUrl: string; concertationId: string }>;
      const task = tasks.find(
        (x) => x.kind === 'post-letter' && x.concertationId === hostileMeeting.body.concertation.id,
      );
      expect(task).toBeDefined();
      return task!.letterUrl;
    });
    const letter = await t
      .http()
      .get(letterUrl)
      .set(...auth(coord));
    expect(letter.status).toBe(200);
    expect(letter.text).not.toContain('<b>bold</b>');
    expect(letter.text).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(letter.text).toMatch(/O(&#39;|&#x27;|&apos;|')Brien-Attack/);
  });
});
