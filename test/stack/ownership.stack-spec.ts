/**
 * Issue 15 through the distributed stack: every signal reaches a person and stays owned. The
 * paging path crosses four services (cases → Kafka → notifications, which reads the duty roster
 * and paging profiles from the directory over HTTP; the acknowledge link calls the cases
 * service's internal route), so it is checked here and not only in the embedded engine.
 */
import pg from 'pg';
import {
  alertBody,
  call,
  eventually,
  GATEWAY_URL,
  type MailboxEntry,
  readMailbox,
  readMailboxMail,
  StackTokens,
  uniquePerson,
} from './stack-client.js';

type Json = Record<string, any>;

describe(`ownership through the distributed stack (${GATEWAY_URL})`, () => {
  let tokens: StackTokens;
  let db: pg.Pool;

  beforeAll(async () => {
    expect((await call('GET', '/ready')).status).toBe(200);
    tokens = await StackTokens.load();
    db = new pg.Pool({
      connectionString: process.env.DATABASE_URL ?? 'postgres://concerto:concerto@127.0.0.1:15432/concerto',
      max: 1,
    });
  });
  afterAll(() => db?.end());

  const as = (user: string) => tokens.token(user);
  const pagesOf = async (caseId: string) =>
    (
      await db.query<{ id: string; trigger: string; recipient_id: string; signal_id: string }>(
        `SELECT "id","trigger","recipient_id","signal_id" FROM "notifications"."pages" WHERE "case_id" = $1 ORDER BY "created_at"`,
        [caseId],
      )
    ).rows;
  /** The page's e-mail in the stack's development mailbox, and its acknowledge link's token. */
  const pageMail = async (caseId: string, pageId: string): Promise<{ entry: MailboxEntry; token: string }> => {
    const entry = await eventually(async () => {
      const found = (await readMailbox()).find((e) => e.idempotencyKey === `page:email:${caseId}:0:${pageId}`);
      expect(found).toBeDefined();
      return found!;
    }, 30000);
    const text = (await readMailboxMail(entry)).text ?? '';
    const token = /\/v1\/pages\/acknowledge\/([A-Za-z0-9_.-]+)/.exec(text)?.[1];
    expect(token).toBeDefined();
    return { entry, token: token! };
  };

  it('pages the owner, who acknowledges from the page; a joining alert is a new signal on the worklist', async () => {
    const person = uniquePerson({ address: { postalCode: '1090' } });
    const raised = await call('POST', '/v1/alerts', { token: await as('pro-pharmacist'), body: alertBody({}, person) });
    expect(raised.status).toBe(201);
    const caseId = raised.body.caseId as string;

    const [opening] = await eventually(async () => {
      const pages = await pagesOf(caseId);
      expect(pages.map((p) => [p.trigger, p.recipient_id, p.signal_id])).toEqual([
        ['case-opened', 'coord-nord', raised.body.alertId],
      ]);
      return pages;
    }, 30000);
    const { entry, token } = await pageMail(caseId, opening.id);
    expect(entry.to).toBe('coord-nord@pager.demo.concerto.brussels');
    // No personal data in a page.
    const text = (await readMailboxMail(entry)).text ?? '';
    expect(text).not.toContain(String(person.familyName));

    // Opening the link changes nothing; the button (POST) acknowledges, once, through the gateway.
    expect((await call('GET', `/v1/pages/acknowledge/${token}`)).status).toBe(200);
    const coord = await as('coord-nord');
    expect((await call('GET', `/v1/cases/${caseId}`, { token: coord })).body.unacknowledgedSignals).toHaveLength(1);
    const ack = await call('POST', `/v1/pages/acknowledge/${token}`, { body: {} });
    expect(ack.status).toBe(200);
    expect((await call('POST', `/v1/pages/acknowledge/${token}`, { body: {} })).status).toBe(409);
    await eventually(async () =>
      expect((await call('GET', `/v1/cases/${caseId}`, { token: coord })).body.unacknowledgedSignals).toEqual([]),
    );

    // Another reporter's alert joins: a new signal the owner must acknowledge, paged and listed.
    const joined = await call('POST', '/v1/alerts', { token: await as('pro-home-nurse'), body: alertBody({}, person) });
    expect(joined.status).toBe(201);
    expect(joined.body.caseId).toBe(caseId);
    await eventually(async () => {
      const pages = await pagesOf(caseId);
      expect(pages.map((p) => [p.trigger, p.signal_id])).toContainEqual(['signal-joined', joined.body.alertId]);
    }, 30000);
    const worklist = await call('GET', '/v1/cases?bassin=nord&hasUnacknowledgedSignals=true&limit=100', {
      token: coord,
    });
    expect(worklist.status).toBe(200);
    expect((worklist.body.items as Json[]).map((i) => i.caseId)).toContain(caseId);
    expect(worklist.body.counts.unacknowledged).toBeGreaterThanOrEqual(1);
  });

  it('moves a transferred case to its new bassin in every service, pages the new owner, and tells the reporters it closed', async () => {
    const raised = await call('POST', '/v1/alerts', {
      token: await as('pro-pharmacist'),
      body: alertBody({}, uniquePerson({ address: { postalCode: '1090' } })),
    });
    expect(raised.status).toBe(201);
    const caseId = raised.body.caseId as string;
    const [coordNord, coordSud] = await Promise.all([as('coord-nord'), as('coord-sud')]);
    await eventually(async () =>
      expect((await call('GET', `/v1/cases/${caseId}`, { token: coordNord })).status).toBe(200),
    );
    expect((await call('POST', `/v1/cases/${caseId}/acknowledge`, { token: coordNord, body: {} })).status).toBe(200);
    const moved = await call('POST', `/v1/cases/${caseId}/transfer`, {
      token: coordNord,
      body: { toBassin: 'sud', reason: 'The trusted association is in the south' },
    });
    expect(moved.status).toBe(200);

    // Scheduling (care team) and notifications (tasks) follow the case to its new bassin.
    await eventually(async () => {
      expect((await call('GET', `/v1/cases/${caseId}/participants`, { token: coordSud })).status).toBe(200);
      expect((await call('GET', `/v1/cases/${caseId}/tasks`, { token: coordSud })).status).toBe(200);
    }, 30000);
    expect((await call('GET', `/v1/cases/${caseId}/participants`, { token: coordNord })).status).toBe(404);
    await eventually(async () => {
      const pages = await pagesOf(caseId);
      expect(pages.map((p) => [p.trigger, p.recipient_id])).toContainEqual(['case-transferred', 'coord-sud']);
    }, 30000);

    expect((await call('POST', `/v1/cases/${caseId}/acknowledge`, { token: coordSud, body: {} })).status).toBe(200);
    const closed = await call('POST', `/v1/cases/${caseId}/close`, {
      token: coordSud,
      body: { outcome: 'situation-stabilised', reason: 'Home care in place' },
    });
    expect(closed.status).toBe(200);
    await eventually(async () => {
      const told = await db.query<{ kind: string }>(
        `SELECT "kind" FROM "notifications"."case_feedback" WHERE "case_id" = $1 AND "reporter_id" = 'pro-pharmacist' ORDER BY "kind"`,
        [caseId],
      );
      expect(told.rows.map((r) => r.kind)).toEqual(['closed', 'owned']);
    }, 30000);
  });
});
