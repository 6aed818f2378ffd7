import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';
import { DevMailboxSender } from '../../notifications/src/modules/invitations/infrastructure/dev-mailbox.sender.js';
import { DevSmsSink } from '../../notifications/src/modules/invitations/infrastructure/dev-sms.sink.js';

const MINUTE = 60_000;
const config = { ACK_TIMEOUT_URGENT_MINUTES: '30', ACK_TIMEOUT_NORMAL_MINUTES: '240' };
const PAGER = (id: string) => `${id}@pager.demo.concerto.brussels`;
const ACK_LINK = /\/v1\/pages\/acknowledge\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/;

describe('paging: the owner of a signal is told on the channels they chose (embedded)', () => {
  let t: TestEngine;
  let clock: ManualClock;
  let reporter: string;
  let lead: string;
  let sms: DevSmsSink;
  let mailbox: DevMailboxSender;

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
    t = await startTestEngine({ clock, config });
    [reporter, lead] = await Promise.all([t.token('pro-pharmacist'), t.token('lead-nord')]);
    sms = t.engine.app.get(DevSmsSink, { strict: false });
    mailbox = t.engine.app.get(DevMailboxSender, { strict: false });
  });
  afterAll(() => t?.close());

  const phoneOf = async (id: string) =>
    (
      await t.sql<{ pager_phone: string }>(`SELECT "pager_phone" FROM "directory"."professionals" WHERE "id" = $1`, [
        id,
      ])
    )[0].pager_phone;
  const caseView = async (caseId: string) =>
    (await t.http().get(`/v1/cases/${caseId}`).set('Authorization', `Bearer ${lead}`)).body;
  const raise = async (urgency: 'urgent' | 'normal', person: Record<string, unknown>) => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set('Authorization', `Bearer ${reporter}`)
      .send(alertBody({ urgency }, person))
      .expect(201);
    return res.body.caseId as string;
  };
  const pagesOf = (caseId: string) =>
    t.sql<{ recipient_id: string; trigger: string; signal_id: string }>(
      `SELECT "recipient_id","trigger","signal_id" FROM "notifications"."pages" WHERE "case_id" = $1 ORDER BY "created_at"`,
      [caseId],
    );
  const smsTo = async (id: string, caseRef: string) => {
    const phone = await phoneOf(id);
    return (await sms.list()).filter((m) => m.to === phone && m.text.includes(caseRef));
  };
  const ref = (caseId: string) => `C-${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  const ackToken = (text: string) => ACK_LINK.exec(text)?.[1] ?? '';

  it('should page the owner when a case opens: e-mail for a normal signal, SMS and e-mail for an urgent one, with no personal data', async () => {
    const person = uniquePerson();
    const caseId = await raise('normal', person);
    await expectEventually(async () => {
      const mails = (await mailbox.list()).filter(
        (m) => m.to === PAGER('coord-nord') && m.subject.includes(ref(caseId)),
      );
      expect(mails).toHaveLength(1);
    });
    const [mail] = (await mailbox.list()).filter((m) => m.subject.includes(ref(caseId)));
    const raw = (await mailbox.read(mail.id))!.toString('utf8');
    for (const pii of [String(person.familyName), 'Simone', 'Peeters', '1090', 'day centre']) {
      expect(raw).not.toContain(pii);
      expect(mail.subject).not.toContain(pii);
    }
    expect(mail.language).toBe('fr');
    expect(await smsTo('coord-nord', ref(caseId))).toHaveLength(0);

    const urgent = await raise('urgent', uniquePerson());
    await expectEventually(async () => expect(await smsTo('coord-nord', ref(urgent))).toHaveLength(1));
    const [text] = await smsTo('coord-nord', ref(urgent));
    expect(text.text).toMatch(ACK_LINK);
    expect(text.text).toContain('nord');
    expect(text.text).toContain('not-seen');
    expect(text.text).not.toMatch(/Simone|Peeters|Person-/);
    expect((await pagesOf(urgent)).map((p) => [p.recipient_id, p.trigger])).toEqual([['coord-nord', 'case-opened']]);
  });

  it('should page the backup, not the coordinator, while the coordinator is off duty (PUT /v1/duty/me, audited)', async () => {
    const coord = await t.token('coord-nord');
    const duty = (onDuty: unknown, token = coord) =>
      t.http().put('/v1/duty/me').set('Authorization', `Bearer ${token}`).send({ onDuty });
    expect((await duty(false)).body).toEqual({ professionalId: 'coord-nord', onDuty: false });
    try {
      const caseId = await raise('urgent', uniquePerson());
      await expectEventually(async () => expect(await smsTo('backup-nord', ref(caseId))).toHaveLength(1));
      expect((await pagesOf(caseId)).map((p) => p.recipient_id)).toEqual(['backup-nord']);
      expect(await smsTo('coord-nord', ref(caseId))).toHaveLength(0);
      // The case itself is still routed by the roster; only who is told changed.
      expect((await caseView(caseId)).owner.id).toBe('coord-nord');
    } finally {
      expect((await duty(true)).status).toBe(200);
    }
    const audited = await t.sql<{ purpose: string }>(
      `SELECT "purpose" FROM "directory"."audit_log" WHERE "subject_id" = 'coord-nord' AND "purpose" LIKE 'go-%' ORDER BY "id"`,
    );
    expect(audited.map((a) => a.purpose)).toEqual(['go-off-duty', 'go-on-duty']);
    // Only coordinators and leads have a duty switch; a body that is not a boolean is refused.
    expect((await duty(false, reporter)).status).toBe(403);
    expect((await duty('no')).status).toBe(400);
    expect((await duty(undefined)).status).toBe(400);
  });

  it('should page the owner when another alert joins the case, an urgent one as urgent', async () => {
    const person = uniquePerson();
    const caseId = await raise('normal', person);
    await expectEventually(async () => expect(await pagesOf(caseId)).toHaveLength(1));
    const joined = await raise('urgent', person);
    expect(joined).toBe(caseId);
    await expectEventually(async () =>
      expect((await pagesOf(caseId)).map((p) => [p.recipient_id, p.trigger])).toEqual([
        ['coord-nord', 'case-opened'],
        ['coord-nord', 'urgent-signal'],
      ]),
    );
    await expectEventually(async () => expect(await smsTo('coord-nord', ref(caseId))).toHaveLength(1));
  });

  it('should page the backup, then the lead, when the case escalates to them', async () => {
    const caseId = await raise('urgent', uniquePerson());
    // The deadline runs from when the case opened: wait for that before moving the clock.
    await expectEventually(async () => expect(await pagesOf(caseId)).toHaveLength(1));
    clock.advance(31 * MINUTE);
    await expectEventually(async () => expect(await smsTo('backup-nord', ref(caseId))).toHaveLength(1));
    clock.advance(31 * MINUTE);
    await expectEventually(async () => expect(await smsTo('lead-nord', ref(caseId))).toHaveLength(1));
    expect((await pagesOf(caseId)).map((p) => [p.recipient_id, p.trigger])).toEqual([
      ['coord-nord', 'case-opened'],
      ['backup-nord', 'case-escalated'],
      ['lead-nord', 'case-escalated'],
    ]);
  });

  it('should acknowledge once through the link, for its coordinator and signal; GET changes nothing; tampered and expired links are refused', async () => {
    const caseId = await raise('urgent', uniquePerson());
    await expectEventually(async () => expect(await smsTo('coord-nord', ref(caseId))).toHaveLength(1));
    const token = ackToken((await smsTo('coord-nord', ref(caseId)))[0].text);
    expect(token).not.toBe('');

    const described = await t.http().get(`/v1/pages/acknowledge/${token}`).expect(200);
    expect(described.body).toMatchObject({ action: 'acknowledge', caseReference: ref(caseId), used: false });
    expect((await caseView(caseId)).status).toBe('opened');

    const [claims, mac] = token.split('.');
    const forged = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
    const otherRecipient = `${Buffer.from(JSON.stringify({ ...forged, r: 'lead-nord' })).toString('base64url')}.${mac}`;
    const refused = await t.http().post(`/v1/pages/acknowledge/${otherRecipient}`);
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect((await t.http().post(`/v1/pages/acknowledge/${token}x`)).status).toBe(404);

    const ack = await t.http().post(`/v1/pages/acknowledge/${token}`).expect(200);
    expect(ack.body).toMatchObject({ caseId, acknowledgedBy: 'coord-nord', status: 'acknowledged' });
    expect(await caseView(caseId)).toMatchObject({ status: 'acknowledged', owner: { id: 'coord-nord' } });

    const again = await t.http().post(`/v1/pages/acknowledge/${token}`);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);

    // Another page, left until its signal's window is over.
    const late = await raise('urgent', uniquePerson());
    await expectEventually(async () => expect(await smsTo('coord-nord', ref(late))).toHaveLength(1));
    const lateToken = ackToken((await smsTo('coord-nord', ref(late)))[0].text);
    clock.advance(30 * MINUTE);
    await expectEventually(async () => expect((await caseView(late)).escalationLevel).toBe(1));
    const expired = await t.http().post(`/v1/pages/acknowledge/${lateToken}`);
    expect(expired.status).toBe(410);
    expect(expired.headers['content-type']).toMatch(/problem\+json/);
  });

  it('should page once per signal and recipient when the same event is consumed again', async () => {
    const caseId = await raise('urgent', uniquePerson());
    await expectEventually(async () => expect(await smsTo('coord-nord', ref(caseId))).toHaveLength(1));
    const rows = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM "notifications"."deliveries" WHERE "case_id" = $1 AND "kind" = 'page'`,
      [caseId],
    );
    expect(rows[0].n).toBe(2);
  });
});
