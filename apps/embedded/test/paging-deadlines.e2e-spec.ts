import { ManualClock } from '#concerto/ddd';
import { alertBody, expectEventually, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';
import { DevMailboxSender } from '../../notifications/src/modules/invitations/infrastructure/dev-mailbox.sender.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const PAGER = (id: string) => `${id}@pager.demo.concerto.brussels`;
const ref = (caseId: string) => `C-${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;

describe('paging leftovers: a passed deadline, a joining signal paged once (embedded)', () => {
  let t: TestEngine;
  let clock: ManualClock;
  let reporter: string;
  let coord: string;
  let mailbox: DevMailboxSender;
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
    t = await startTestEngine({ clock });
    [reporter, coord] = await Promise.all([t.token('pro-pharmacist'), t.token('coord-nord')]);
    mailbox = t.engine.app.get(DevMailboxSender, { strict: false });
  });
  afterAll(() => t?.close());

  const raise = async (overrides: Record<string, unknown>, person: Record<string, unknown>) => {
    const res = await t
      .http()
      .post('/v1/alerts')
      .set(...auth(reporter))
      .send(alertBody(overrides, person))
      .expect(201);
    return res.body as { caseId: string; alertId: string };
  };
  const pagesOf = (caseId: string) =>
    t.sql<{ recipient_id: string; trigger: string; signal_id: string; type: string; due_at: Date }>(
      `SELECT "recipient_id","trigger","signal_id","type","due_at" FROM "notifications"."pages" WHERE "case_id" = $1 ORDER BY "created_at"`,
      [caseId],
    );

  it("should page the case's owner when a deadline passes, in their language, with no personal data and no acknowledge link", async () => {
    const person = uniquePerson();
    const { caseId } = await raise(
      { deadline: new Date(clock.now().getTime() + DAY).toISOString(), deadlineKind: 'administrative' },
      person,
    );
    await expectEventually(async () => expect(await pagesOf(caseId)).toHaveLength(1));
    // Acknowledged first, so that only the deadline can page from here on.
    await t
      .http()
      .post(`/v1/cases/${caseId}/acknowledge`)
      .set(...auth(coord))
      .send({})
      .expect((res) => expect(res.status).toBeLessThan(300));
    clock.advance(DAY + MINUTE);
    await expectEventually(async () =>
      expect((await pagesOf(caseId)).filter((p) => p.trigger === 'deadline-passed')).toEqual([
        expect.objectContaining({ recipient_id: 'coord-nord', type: 'administrative' }),
      ]),
    );
    const [deadline] = (await pagesOf(caseId)).filter((p) => p.trigger === 'deadline-passed');
    const [passed] = await t.sql<{ deadline_id: string }>(
      `SELECT "envelope"->'data'->>'deadlineId' AS deadline_id FROM "cases"."outbox" WHERE "envelope"->>'type' = 'case.deadline-passed' AND "envelope"->'data'->>'caseId' = $1`,
      [caseId],
    );
    expect(deadline.signal_id).toBe(passed.deadline_id);

    let mail: { id: string; subject: string; language?: string } | undefined;
    await expectEventually(async () => {
      mail = (await mailbox.list()).find(
        (m) => m.to === PAGER('coord-nord') && m.subject.includes(ref(caseId)) && m.subject.includes('échéance'),
      );
      expect(mail).toBeDefined();
    });
    const raw = (await mailbox.read(mail!.id))!.toString('utf8');
    // Quoted-printable: the accented É is encoded.
    expect(raw).toContain('ance : administrative');
    expect(raw).not.toMatch(/\/v1\/pages\/acknowledge\//);
    for (const pii of [String(person.givenName), String(person.familyName), '1090', 'day centre']) {
      expect(raw).not.toContain(pii);
    }
    // Redelivering the event pages nobody twice: one page for that deadline and recipient.
    expect((await pagesOf(caseId)).filter((p) => p.trigger === 'deadline-passed')).toHaveLength(1);
  });

  it('should page a joining alert exactly once, due when the cases service says its signal is due', async () => {
    const person = uniquePerson();
    const first = await raise({ urgency: 'normal' }, person);
    await expectEventually(async () => expect(await pagesOf(first.caseId)).toHaveLength(1));
    const joined = await raise({ urgency: 'urgent', type: 'not-seen' }, person);
    expect(joined.caseId).toBe(first.caseId);
    await expectEventually(async () =>
      expect((await pagesOf(first.caseId)).map((p) => [p.trigger, p.signal_id])).toEqual([
        ['case-opened', first.alertId],
        ['urgent-signal', joined.alertId],
      ]),
    );
    const [signal] = await t.sql<{ acknowledge_by: string }>(
      `SELECT "envelope"->'data'->>'acknowledgeBy' AS acknowledge_by FROM "cases"."outbox"
        WHERE "envelope"->>'type' = 'case.signal-received' AND "envelope"->'data'->>'signalId' = $1`,
      [joined.alertId],
    );
    const page = (await pagesOf(first.caseId))[1];
    expect(new Date(page.due_at).toISOString()).toBe(new Date(signal.acknowledge_by).toISOString());
  });
});
