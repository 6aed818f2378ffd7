import { simpleParser } from 'mailparser';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';
import { DevMailboxSender } from '../../notifications/src/modules/invitations/infrastructure/dev-mailbox.sender.js';

type Json = Record<string, any>;

// Wednesday 28 April 2027; the home nurse's item is due Wednesday 5 May and escalates on Tuesday
// 11 May (Ascension, Thursday 6 May, is not a working day).
const clock = new ManualClock(new Date('2027-04-28T08:00:00Z'));

describe('after the meeting: who is told, on which channel, in which language (embedded)', () => {
  let t: TestEngine;
  let mailbox: DevMailboxSender;
  let caseId: string;
  let concertationId: string;
  let recordId: string;
  let nurseItem: string;
  const team: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestEngine({ clock, config: { COORDINATION_PHONE: '+32 2 555 01 01' } });
    mailbox = t.engine.app.get(DevMailboxSender, { strict: false });
  });
  afterAll(() => t?.close());

  const call = async (method: 'get' | 'post' | 'put' | 'patch', path: string, user = 'coord-nord', body?: Json) => {
    const http = t.http();
    const req = http[method](path).set('Authorization', `Bearer ${await t.token(user)}`);
    return body === undefined ? req : req.send(body);
  };
  /** The follow-up messages (not the meeting's invitations) an address received. */
  const mailTo = async (address: string) =>
    (await mailbox.list()).filter((m) => m.to === address && /^(action-item|record-summary):/.test(m.idempotencyKey));
  const tasks = async (id = caseId) => (await call('get', `/v1/cases/${id}/tasks`)).body.tasks as Json[];
  /** The follow-up messages of a subject and where their deliveries stand (ids and codes only). */
  const deliveries = (subjectId: string) =>
    t.sql<{ trigger: string; recipient_type: string; recipient_ref: string; channel: string; status: string }>(
      `SELECT m."trigger", m."recipient_type", m."recipient_ref", d."channel", d."status"
         FROM "notifications"."follow_up_messages" m
         JOIN "notifications"."deliveries" d ON d."invitation_id" = m."id"
        WHERE m."subject_id" = $1 ORDER BY m."created_at"`,
      [subjectId],
    );

  const seat = async (id: string, body: Json) => {
    const r = await call('post', `/v1/cases/${id}/participants`, 'coord-nord', body);
    expect(r.status).toBe(201);
    return r.body.participant.id as string;
  };
  const seatedPerson = async (id: string) =>
    expectEventually(async () => {
      const r = await call('get', `/v1/cases/${id}/participants`);
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants[0].id as string;
    });

  it('should tell the home nurse her new item, and send Simone an easy-read letter in Dutch of what was decided', async () => {
    const raised = await call('post', '/v1/alerts', 'pro-pharmacist', alertBody());
    expect(raised.status).toBe(201);
    caseId = raised.body.caseId;
    team.person = await seatedPerson(caseId);
    // Simone has no e-mail: the summary is a letter to her home.
    const patched = await call('patch', `/v1/cases/${caseId}/participants/${team.person}`, 'coord-nord', {
      postalAddress: 'Rue de la Paix 12, 1180 Uccle',
    });
    expect(patched.status).toBe(200);
    team.son = await seat(caseId, {
      kind: 'relative',
      displayName: 'Jan Peeters',
      language: 'nl',
      email: 'jan@example.test',
    });
    team.neighbour = await seat(caseId, {
      kind: 'relative',
      displayName: 'Els Maes',
      language: 'nl',
      email: 'els@example.test',
    });
    team.nurse = await seat(caseId, {
      kind: 'professional',
      professionalId: 'pro-home-nurse',
      language: 'fr',
      email: 'nurse@example.test',
    });
    team.social = await seat(caseId, {
      kind: 'professional',
      professionalId: 'pro-social-worker',
      language: 'nl',
      email: 'social@example.test',
      phone: '+32 470 00 00 09',
    });
    // The son shares the case's status; Els only the meeting details: the summary is not hers to read.
    const consent = await call('post', `/v1/cases/${caseId}/consent`, 'coord-nord', {
      decision: 'granted',
      givenBy: 'person',
      scopes: [
        { participantId: team.son, dataCategories: ['meeting-details', 'case-status'] },
        { participantId: team.neighbour, dataCategories: ['meeting-details'] },
        { participantId: team.nurse, dataCategories: ['meeting-details', 'case-status'] },
        { participantId: team.social, dataCategories: ['meeting-details', 'case-status'] },
      ],
    });
    expect(consent.status).toBe(200);
    const scheduled = await call('post', `/v1/cases/${caseId}/concertations`, 'coord-nord', {
      start: '2027-04-29T08:00:00Z',
      end: '2027-04-29T09:00:00Z',
      location: { kind: 'video' },
    });
    expect(scheduled.status).toBe(201);
    concertationId = scheduled.body.concertation.id;
    clock.set(new Date('2027-04-29T10:00:00Z'));
    const recorded = await call('post', `/v1/concertations/${concertationId}/record`, 'coord-nord', {
      held: true,
      attendance: [
        { participantId: team.person, mode: 'in-person' },
        { participantId: team.nurse, mode: 'phone' },
        { participantId: team.social, mode: 'video' },
      ],
      wishes: ['Ik wil thuis blijven wonen'],
      decisions: ['Thuisverpleging twee keer per week'],
      actionItems: [
        { kind: 'task', title: 'Start home nursing visits', owner: { participantId: team.nurse }, dueOn: '2027-05-05' },
      ],
      referent: { participantId: team.social },
      nextReview: { on: '2027-06-15', kind: 'check-in' },
    });
    expect(recorded.status).toBe(201);
    recordId = recorded.body.id;
    nurseItem = recorded.body.actionItems[0].id;

    // The owner: in her language, the title, the due day and a link; nothing about Simone.
    const opened = await expectEventually(async () => {
      const mails = await mailTo('nurse@example.test');
      expect(mails.map((m) => m.subject)).toEqual(['Une nouvelle action pour vous']);
      return mails[0];
    });
    const mail = await simpleParser((await mailbox.read(opened.id))!);
    expect(mail.text).toContain('Start home nursing visits');
    expect(mail.text).toContain('5 mai 2027');
    expect(mail.text).toContain('/my-actions');
    expect(mail.text).not.toMatch(/Simone|Peeters|Uccle/);

    // Simone: a letter task for the coordinator, the letter in Dutch and easy to read.
    const letterTask = await expectEventually(async () => {
      const found = (await tasks()).find((x) => x.kind === 'post-letter' && x.messageKind === 'record-summary');
      expect(found).toMatchObject({ status: 'open', language: 'nl' });
      return found!;
    });
    const letter = await call('get', letterTask.letterUrl);
    expect(letter.status).toBe(200);
    expect(letter.text).toContain('<html lang="nl">');
    expect(letter.text).toContain('Wat we samen hebben afgesproken');
    expect(letter.text).toContain('Thuisverpleging twee keer per week');
    expect(letter.text).toContain('Start home nursing visits');
    expect(letter.text).toContain('5 mei 2027');
    expect(letter.text).toContain('1180 Uccle');
    expect(letter.text).toContain('+32 470 00 00 09');

    // The son by e-mail; Els, whose consent does not cover the case's status, nothing at all.
    await expectEventually(async () =>
      expect((await mailTo('jan@example.test')).map((m) => m.subject)).toEqual(['Wat we samen hebben afgesproken']),
    );
    expect(await mailTo('els@example.test')).toEqual([]);
    expect((await deliveries(recordId)).map((d) => d.recipient_ref).sort()).toEqual([team.person, team.son].sort());
  });

  it('should not send the summary again for an amendment that changes no decision or item, and send it when one changes', async () => {
    const base = (await call('get', `/v1/concertations/${concertationId}/record`)).body as Json;
    const body = {
      held: true,
      attendance: base.attendance,
      wishes: base.wishes,
      decisions: base.decisions,
      actionItems: [],
      referent: base.referent,
      nextReview: { on: '2027-06-22', kind: 'check-in' },
    };
    expect((await call('put', `/v1/concertations/${concertationId}/record`, 'coord-nord', body)).status).toBe(200);
    const changed = { ...body, decisions: ['Thuisverpleging drie keer per week'] };
    expect((await call('put', `/v1/concertations/${concertationId}/record`, 'coord-nord', changed)).status).toBe(200);
    await expectEventually(async () =>
      expect((await mailTo('jan@example.test')).map((m) => m.subject)).toHaveLength(2),
    );
    // Version 2 changed only the review day: no summary for it.
    const sent = await t.sql<{ occurrence: string }>(
      `SELECT DISTINCT "occurrence" FROM "notifications"."follow_up_messages" WHERE "subject_id" = $1 ORDER BY 1`,
      [recordId],
    );
    expect(sent.map((r) => r.occurrence)).toEqual(['v1', 'v3']);
  });

  it('should remind the nurse two days before and on the due day (the referent too), then tell the coordinator at escalation', async () => {
    clock.set(new Date('2027-05-03T07:01:00Z'));
    await expectEventually(async () =>
      expect((await mailTo('nurse@example.test')).map((m) => m.subject)).toEqual([
        'Une nouvelle action pour vous',
        'Rappel : une action arrive à échéance',
      ]),
    );
    clock.set(new Date('2027-05-05T07:01:00Z'));
    await expectEventually(async () =>
      expect((await mailTo('nurse@example.test')).map((m) => m.subject)).toEqual([
        'Une nouvelle action pour vous',
        'Rappel : une action arrive à échéance',
        'Rappel : une action arrive à échéance aujourd’hui',
      ]),
    );
    await expectEventually(async () =>
      expect((await mailTo('social@example.test')).map((m) => m.subject)).toEqual([
        'Een actie van uw dossier vervalt vandaag',
      ]),
    );
    clock.set(new Date('2027-05-11T07:01:00Z'));
    const escalated = await expectEventually(async () => {
      const rows = (await deliveries(nurseItem)).filter((d) => d.trigger === 'action-escalated');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.status === 'sent' && r.recipient_type === 'coordinator')).toBe(true);
      return rows;
    });
    expect(escalated[0].recipient_ref).toBe('coord-nord');
    // One message per event and recipient: nothing was sent twice.
    const all = await deliveries(nurseItem);
    expect(all.filter((d) => d.trigger === 'action-before-due')).toHaveLength(1);
    expect(
      all
        .filter((d) => d.trigger === 'action-due')
        .map((d) => d.recipient_ref)
        .sort(),
    ).toEqual([team.nurse, team.social].sort());
  });

  it('should send no summary once the consent is withdrawn, while the owner is still told her item', async () => {
    const raised = await call(
      'post',
      '/v1/alerts',
      'pro-pharmacist',
      alertBody({}, uniquePerson({ preferredLanguage: 'nl' })),
    );
    expect(raised.status).toBe(201);
    const other = raised.body.caseId as string;
    const person = await seatedPerson(other);
    await call('patch', `/v1/cases/${other}/participants/${person}`, 'coord-nord', {
      postalAddress: 'Rue de la Paix 14, 1180 Uccle',
    });
    const nurse = await seat(other, {
      kind: 'professional',
      professionalId: 'pro-home-nurse',
      language: 'fr',
      email: 'nurse.b@example.test',
      phone: '+32 470 00 00 07',
    });
    expect(
      (
        await call('post', `/v1/cases/${other}/consent`, 'coord-nord', {
          decision: 'granted',
          givenBy: 'person',
          scopes: [{ participantId: nurse, dataCategories: ['meeting-details', 'case-status'] }],
        })
      ).status,
    ).toBe(200);
    const scheduled = await call('post', `/v1/cases/${other}/concertations`, 'coord-nord', {
      start: '2027-05-12T08:00:00Z',
      end: '2027-05-12T09:00:00Z',
      location: { kind: 'video' },
    });
    expect(scheduled.status).toBe(201);
    expect(
      (await call('post', `/v1/cases/${other}/consent`, 'coord-nord', { decision: 'revoked', givenBy: 'person' }))
        .status,
    ).toBe(200);
    clock.set(new Date('2027-05-12T10:00:00Z'));
    const recorded = await call('post', `/v1/concertations/${scheduled.body.concertation.id}/record`, 'coord-nord', {
      held: true,
      attendance: [
        { participantId: person, mode: 'in-person' },
        { participantId: nurse, mode: 'phone' },
      ],
      wishes: ['Thuis blijven'],
      decisions: ['Thuisverpleging'],
      actionItems: [{ kind: 'task', title: 'Visit', owner: { participantId: nurse }, dueOn: '2027-05-26' }],
      referent: { participantId: nurse },
      nextReview: { on: '2027-06-30', kind: 'check-in' },
    });
    expect(recorded.status).toBe(201);
    // A witness that the record's events were consumed: the owner's message left.
    await expectEventually(async () =>
      expect((await mailTo('nurse.b@example.test')).map((m) => m.subject)).toEqual(['Une nouvelle action pour vous']),
    );
    expect(await deliveries(recorded.body.id)).toEqual([]);
    expect((await tasks(other)).filter((x) => x.messageKind === 'record-summary')).toEqual([]);
  });
});
