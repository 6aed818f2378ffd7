import { simpleParser } from 'mailparser';
import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine } from '#concerto/testing';
import { DevMailboxSender } from '../../notifications/src/modules/invitations/infrastructure/dev-mailbox.sender.js';

type Json = Record<string, any>;

// Wednesday 28 April 2027. The CPAS item is due Wednesday 12 May: reminded on Monday 10 May.
const clock = new ManualClock(new Date('2027-04-28T08:00:00Z'));
const CPAS = 'org-cpas-anderlecht';
const CPAS_MAIL = 'accueil.cpas@example.test';

describe('after the meeting, the gaps: an organisation that owns an item is told directly (embedded)', () => {
  let t: TestEngine;
  let mailbox: DevMailboxSender;
  let caseId: string;
  let itemId: string;

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    mailbox = t.engine.app.get(DevMailboxSender, { strict: false });
    // The directory's organisation data: its own e-mail and language (Dutch).
    await t.sql(
      `UPDATE "directory"."organisations" SET "contact_email" = $2, "contact_phone" = NULL, "contact_language" = 'nl' WHERE "id" = $1`,
      [CPAS, CPAS_MAIL],
    );
  });
  afterAll(() => t?.close());

  const call = async (method: 'get' | 'post', path: string, user = 'coord-nord', body?: Json) => {
    const http = t.http();
    const req = http[method](path).set('Authorization', `Bearer ${await t.token(user)}`);
    return body === undefined ? req : req.send(body);
  };
  const actionMails = async (address: string) =>
    (await mailbox.list()).filter((m) => m.to === address && m.idempotencyKey.startsWith('action-item:'));
  const messages = (subjectId: string) =>
    t.sql<{ trigger: string; recipient_type: string; recipient_ref: string }>(
      `SELECT "trigger","recipient_type","recipient_ref" FROM "notifications"."follow_up_messages" WHERE "subject_id" = $1 ORDER BY "created_at"`,
      [subjectId],
    );

  it('should tell the organisation its new item on its own contact, in its language', async () => {
    const raised = await call('post', '/v1/alerts', 'pro-pharmacist', alertBody());
    expect(raised.status).toBe(201);
    caseId = raised.body.caseId;
    await expectEventually(async () =>
      expect((await call('get', `/v1/cases/${caseId}/participants`)).body.participants).toHaveLength(1),
    );
    const opened = await call('post', `/v1/cases/${caseId}/action-items`, 'coord-nord', {
      kind: 'deadline',
      title: 'Sign the social aid documents',
      owner: { organisationId: CPAS },
      dueOn: '2027-05-12',
    });
    expect(opened.status).toBe(201);
    itemId = opened.body.id;
    const mail = await expectEventually(async () => {
      const mails = await actionMails(CPAS_MAIL);
      expect(mails.map((m) => m.subject)).toEqual(['Een nieuwe actie voor u']);
      return mails[0];
    });
    const text = (await simpleParser((await mailbox.read(mail.id))!)).text ?? '';
    expect(text).toContain('Sign the social aid documents');
    expect(text).toContain('12 mei 2027');
    // No "no reachable owner" for the coordinator: the organisation was reached.
    expect((await messages(itemId)).map((m) => [m.trigger, m.recipient_type, m.recipient_ref])).toEqual([
      ['action-opened', 'organisation', CPAS],
    ]);
  });

  it('should remind the organisation before the due day', async () => {
    clock.set(new Date('2027-05-10T07:01:00Z'));
    await expectEventually(async () =>
      expect((await actionMails(CPAS_MAIL)).map((m) => m.subject)).toEqual([
        'Een nieuwe actie voor u',
        'Herinnering: een actie vervalt binnenkort',
      ]),
    );
  });

  it('should tell the coordinator instead when the organisation has no contact', async () => {
    await t.sql(
      `UPDATE "directory"."organisations" SET "contact_email" = NULL, "contact_phone" = NULL WHERE "id" = 'org-mutualite'`,
    );
    const opened = await call('post', `/v1/cases/${caseId}/action-items`, 'coord-nord', {
      kind: 'task',
      title: 'Check the reimbursement',
      owner: { organisationId: 'org-mutualite' },
      dueOn: '2027-05-20',
    });
    expect(opened.status).toBe(201);
    await expectEventually(async () =>
      expect((await messages(opened.body.id)).map((m) => [m.trigger, m.recipient_type])).toContainEqual([
        'action-no-owner',
        'coordinator',
      ]),
    );
  });
});
