import { simpleParser } from 'mailparser';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';
import { DevMailboxSender } from '../../notifications/src/modules/invitations/infrastructure/dev-mailbox.sender.js';

type Json = Record<string, any>;

// Wednesday 28 April 2027. The item is due Wednesday 12 May: its reminder before the due day
// goes out on Monday 10 May at 09:00 Brussels time.
const clock = new ManualClock(new Date('2027-04-28T08:00:00Z'));

describe('after the meeting, the gaps: sealed wishes, blocked and done told, hand-over end to end (embedded)', () => {
  let t: TestEngine;
  let mailbox: DevMailboxSender;
  let caseId: string;
  let concertationId: string;
  let recordId: string;
  let itemId: string;
  const team: Record<string, string> = {};
  const TITLE = 'Arrange transport to the day centre';
  const WISH = 'Je veux rester chez moi avec mon chat';
  const DECISION = 'Kinésithérapie deux fois par semaine';

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    mailbox = t.engine.app.get(DevMailboxSender, { strict: false });
  });
  afterAll(() => t?.close());

  const call = async (method: 'get' | 'post' | 'put', path: string, user = 'coord-nord', body?: Json) => {
    const http = t.http();
    const req = http[method](path).set('Authorization', `Bearer ${await t.token(user)}`);
    return body === undefined ? req : req.send(body);
  };
  const actionMails = async (address: string) =>
    (await mailbox.list()).filter((m) => m.to === address && m.idempotencyKey.startsWith('action-item:'));
  const bodyOf = async (id: string) => (await simpleParser((await mailbox.read(id))!)).text ?? '';
  const messages = (subjectId: string) =>
    t.sql<{ trigger: string; recipient_type: string; recipient_ref: string; status: string }>(
      `SELECT m."trigger", m."recipient_type", m."recipient_ref", d."status"
         FROM "notifications"."follow_up_messages" m
         JOIN "notifications"."deliveries" d ON d."invitation_id" = m."id"
        WHERE m."subject_id" = $1 ORDER BY m."created_at"`,
      [subjectId],
    );

  it('should keep the wishes and decisions sealed in the tables, and give them back to the coordinator', async () => {
    const raised = await call('post', '/v1/alerts', 'pro-pharmacist', alertBody());
    expect(raised.status).toBe(201);
    caseId = raised.body.caseId;
    team.person = await expectEventually(async () => {
      const r = await call('get', `/v1/cases/${caseId}/participants`);
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants[0].id as string;
    });
    const seat = async (body: Json) => {
      const r = await call('post', `/v1/cases/${caseId}/participants`, 'coord-nord', body);
      expect(r.status).toBe(201);
      return r.body.participant.id as string;
    };
    team.nurse = await seat({
      kind: 'professional',
      professionalId: 'pro-home-nurse',
      language: 'fr',
      email: 'nurse.g@example.test',
    });
    team.gp = await seat({
      kind: 'professional',
      professionalId: 'pro-gp',
      language: 'en',
      email: 'gp.g@example.test',
    });
    team.social = await seat({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      language: 'nl',
      email: 'social.g@example.test',
      phone: '+32 470 00 00 19',
    });
    const consent = await call('post', `/v1/cases/${caseId}/consent`, 'coord-nord', {
      decision: 'granted',
      givenBy: 'person',
      scopes: [team.nurse, team.gp, team.social].map((participantId) => ({
        participantId,
        dataCategories: ['meeting-details', 'case-status'],
      })),
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
      wishes: [WISH],
      decisions: [DECISION],
      actionItems: [{ kind: 'task', title: TITLE, owner: { participantId: team.nurse }, dueOn: '2027-05-12' }],
      referent: { participantId: team.social },
      nextReview: { on: '2027-06-15', kind: 'check-in' },
    });
    expect(recorded.status).toBe(201);
    recordId = recorded.body.id;
    itemId = recorded.body.actionItems[0].id;

    const stored = async () =>
      t.sql<{ row: string }>(
        `SELECT row_to_json(r)::text AS "row" FROM "scheduling"."concertation_records" r WHERE "id" = $1
         UNION ALL SELECT row_to_json(v)::text FROM "scheduling"."concertation_record_versions" v WHERE "record_id" = $1`,
        [recordId],
      );
    const [live] = await stored();
    expect(live.row).not.toContain('chat');
    expect(live.row).not.toContain('Kinésithérapie');
    expect(JSON.parse(live.row).personal).toMatch(/^[^.]+\.[^.]+\.[^.]+\.[^.]+$/);

    // An amendment keeps the previous version sealed too.
    const amended = await call('put', `/v1/concertations/${concertationId}/record`, 'coord-nord', {
      held: true,
      attendance: recorded.body.attendance,
      wishes: [WISH, 'Voir ma fille le dimanche'],
      decisions: [DECISION],
      actionItems: [],
      referent: { participantId: team.social },
      nextReview: { on: '2027-06-15', kind: 'check-in' },
    });
    expect(amended.status).toBe(200);
    const rows = await stored();
    expect(rows).toHaveLength(2);
    for (const { row } of rows) {
      expect(row).not.toMatch(/chat|fille|Kinésithérapie/);
    }

    const read = await call('get', `/v1/concertations/${concertationId}/record`);
    expect(read.status).toBe(200);
    expect(read.body.wishes).toEqual([WISH, 'Voir ma fille le dimanche']);
    expect(read.body.decisions).toEqual([DECISION]);
  });

  it('should tell the coordinator and the referent, in words and in her language, when the owner marks the item blocked', async () => {
    await expectEventually(async () =>
      expect((await actionMails('nurse.g@example.test')).map((m) => m.subject)).toEqual([
        'Une nouvelle action pour vous',
      ]),
    );
    clock.set(new Date('2027-04-30T09:00:00Z'));
    const blocked = await call('post', `/v1/action-items/${itemId}/blocked`, 'pro-home-nurse', {
      reason: 'no-transport',
    });
    expect(blocked.status).toBe(200);

    const mail = await expectEventually(async () => {
      const mails = await actionMails('social.g@example.test');
      expect(mails.map((m) => m.subject)).toEqual(['Een actie is geblokkeerd']);
      return mails[0];
    });
    const text = await bodyOf(mail.id);
    expect(text).toContain(TITLE);
    expect(text).toContain('er is geen vervoer');
    expect(text).not.toContain('no-transport');
    await expectEventually(async () => {
      const rows = (await messages(itemId)).filter((m) => m.trigger === 'action-blocked');
      expect(rows.map((r) => r.recipient_ref).sort()).toEqual(
        expect.arrayContaining(['coord-nord', team.social].sort()),
      );
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    });
  });

  it('should hand the item over: the new owner told on their channel, audited, reminders following the new owner', async () => {
    clock.set(new Date('2027-05-03T09:00:00Z'));
    const handed = await call('post', `/v1/action-items/${itemId}/hand-over`, 'pro-home-nurse', {
      owner: { participantId: team.gp },
    });
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({ status: 'open', owner: { participantId: team.gp } });

    const told = await expectEventually(async () => {
      const mails = await actionMails('gp.g@example.test');
      expect(mails.map((m) => m.subject)).toEqual(['An action was handed over to you']);
      return mails[0];
    });
    expect(await bodyOf(told.id)).toContain(TITLE);

    const audit = await t.sql<{ actor_id: string; outcome: string }>(
      `SELECT "actor_id","outcome" FROM "scheduling"."audit_log" WHERE "purpose" = 'hand-over-action-item' AND "subject_id" = $1`,
      [caseId],
    );
    expect(audit).toEqual([{ actor_id: 'pro-home-nurse', outcome: 'allowed' }]);
    // The old owner may no longer act on it.
    expect((await call('post', `/v1/action-items/${itemId}/done`, 'pro-home-nurse')).status).toBe(404);
    // One live timer, still the item's own.
    const live = await t.sql(
      `SELECT 1 FROM "scheduling"."timers" WHERE "subject_id" = $1 AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
      [itemId],
    );
    expect(live).toHaveLength(1);

    // Monday 10 May, 09:00 Brussels: the reminder goes to the GP, not to the nurse.
    clock.set(new Date('2027-05-10T07:01:00Z'));
    await expectEventually(async () =>
      expect((await actionMails('gp.g@example.test')).map((m) => m.subject)).toEqual([
        'An action was handed over to you',
        'Reminder: an action is due soon',
      ]),
    );
    expect((await actionMails('nurse.g@example.test')).map((m) => m.subject)).toEqual([
      'Une nouvelle action pour vous',
    ]);
  });

  it('should tell the coordinator and the referent when the new owner marks it done, and the reporter nothing of the item', async () => {
    const done = await call('post', `/v1/action-items/${itemId}/done`, 'pro-gp');
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    await expectEventually(async () =>
      expect((await actionMails('social.g@example.test')).map((m) => m.subject)).toEqual([
        'Een actie is geblokkeerd',
        'Een actie is klaar',
      ]),
    );
    await expectEventually(async () => {
      const rows = (await messages(itemId)).filter((m) => m.trigger === 'action-done');
      expect(rows.some((r) => r.recipient_type === 'coordinator' && r.recipient_ref === 'coord-nord')).toBe(true);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    });
    // The pharmacist who raised the alert hears of the case's status only, never of an item.
    const all = await messages(itemId);
    expect(all.map((m) => m.recipient_ref)).not.toContain('pro-pharmacist');
    const mentioning = [];
    for (const m of await mailbox.list()) {
      if ((await bodyOf(m.id)).includes(TITLE)) {
        mentioning.push(m.to);
      }
    }
    const [coordinator] = await t.sql<{ pager_email: string | null }>(
      `SELECT "pager_email" FROM "directory"."professionals" WHERE "id" = 'coord-nord'`,
    );
    expect(
      [...new Set(mentioning)].every((to) =>
        ['nurse.g@example.test', 'gp.g@example.test', 'social.g@example.test', coordinator?.pager_email].includes(to),
      ),
    ).toBe(true);
  });
});
