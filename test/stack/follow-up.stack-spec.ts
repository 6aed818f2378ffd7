/**
 * Issue 17 through the distributed stack (real Kafka, PostgreSQL, Redis, one process per service),
 * on the development clock: Simone's concertation is held and recorded; the home nurse's item is
 * reminded before and on its due day (the referent too), then escalated to the coordinator; the
 * referral closes only once the referent confirms the handover; Simone gets an easy-read letter in
 * Dutch; the case closes with nothing left open and the pharmacist who raised the alert is told.
 *
 * The clock only moves forward (an offset ≥ 0 on real time), so every date is relative to the
 * stack's business time, and each step is reached by moving the clock just past the item's live
 * durable timer as scheduling stored it (`scheduling.timers`, kind `action.follow-up`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import {
  alertBody,
  call,
  eventually,
  GATEWAY_URL,
  MAILBOX_DIR,
  readMailbox,
  readMailboxMail,
  readStackClockOffset,
  setStackClockOffset,
  StackTokens,
  uniquePerson,
} from './stack-client.js';

type Json = Record<string, any>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const brusselsDay = (at: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date(at));
const brusselsTime = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit' }).format(at);

describe(`after the meeting: Simone's record and its follow-up, through the distributed stack (${GATEWAY_URL})`, () => {
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const nurseMail = `nurse.${run}@example.test`;
  const socialMail = `social.${run}@example.test`;
  let tokens: StackTokens;
  let db: pg.Pool;
  let initialOffset: number;
  let caseId: string;
  let concertationId: string;
  const team: Record<string, string> = {};
  const items: Record<string, string> = {};

  beforeAll(async () => {
    expect((await call('GET', '/ready')).status).toBe(200);
    tokens = await StackTokens.load();
    db = new pg.Pool({
      connectionString:
        process.env.DATABASE_URL ?? `postgres://concerto:concerto@127.0.0.1:${process.env.PG_PORT ?? '15432'}/concerto`,
      max: 1,
    });
    initialOffset = await readStackClockOffset();
  });
  afterAll(async () => {
    await setStackClockOffset(initialOffset);
    await db?.end();
  });

  const as = (user: string) => tokens.token(user);
  const req = async (method: string, path: string, user = 'coord-nord', body?: unknown) =>
    call(method, path, { token: await as(user), ...(body === undefined ? {} : { body }) });
  const businessNow = async () => Date.now() + (await readStackClockOffset());
  /** The follow-up messages (not the meeting's invitations) one address received, in order. */
  const followUpMail = async (address: string) =>
    (await readMailbox()).filter((m) => m.to === address && /^(action-item|record-summary):/.test(m.idempotencyKey));
  const deliveries = async (subjectId: string) =>
    (
      await db.query<{ trigger: string; recipient_type: string; recipient_ref: string; status: string }>(
        `SELECT m."trigger", m."recipient_type", m."recipient_ref", d."status"
           FROM "notifications"."follow_up_messages" m
           JOIN "notifications"."deliveries" d ON d."invitation_id" = m."id"
          WHERE m."subject_id" = $1 ORDER BY m."created_at"`,
        [subjectId],
      )
    ).rows;
  /** The item's live follow-up timer (one per item, ADR 0024). */
  const liveTimer = async (itemId: string) =>
    (
      await db.query<{ due_at: Date }>(
        `SELECT "due_at" FROM "scheduling"."timers" WHERE "kind" = 'action.follow-up' AND "subject_id" = $1 AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
        [itemId],
      )
    ).rows;
  /** Moves the development clock one minute past the item's live timer, and returns when it was due. */
  const passNextStep = async (itemId: string): Promise<Date> => {
    const [timer] = await eventually(async () => {
      const rows = await liveTimer(itemId);
      expect(rows).toHaveLength(1);
      return rows;
    }, 30000);
    const offset = await readStackClockOffset();
    const target = timer.due_at.getTime() + MINUTE - Date.now();
    await setStackClockOffset(Math.max(offset, target));
    return timer.due_at;
  };

  it("records Simone's concertation held: wishes, decisions, owned items with due days, referent and next review", async () => {
    const raised = await req(
      'POST',
      '/v1/alerts',
      'pro-pharmacist',
      alertBody({}, uniquePerson({ address: { postalCode: '1090' }, preferredLanguage: 'nl' })),
    );
    expect(raised.status).toBe(201);
    caseId = raised.body.caseId;
    team.person = await eventually(async () => {
      const r = await req('GET', `/v1/cases/${caseId}/participants`);
      expect(r.body.participants).toHaveLength(1);
      return r.body.participants[0].id as string;
    }, 30000);
    // Simone has neither e-mail nor phone: what was decided reaches her as a letter.
    const patched = await req('PATCH', `/v1/cases/${caseId}/participants/${team.person}`, 'coord-nord', {
      postalAddress: 'Rue de la Paix 12, 1180 Uccle',
    });
    expect(patched.body.channels).toEqual(['letter']);
    const seat = async (body: Json) => {
      const r = await req('POST', `/v1/cases/${caseId}/participants`, 'coord-nord', body);
      expect(r.status).toBe(201);
      return r.body.participant.id as string;
    };
    team.nurse = await seat({
      kind: 'professional',
      professionalId: 'pro-home-nurse',
      language: 'fr',
      email: nurseMail,
    });
    team.gp = await seat({ kind: 'professional', professionalId: 'pro-gp', email: `gp.${run}@example.test` });
    team.social = await seat({
      kind: 'professional',
      professionalId: 'pro-social-worker',
      language: 'nl',
      email: socialMail,
      phone: '+32 470 00 00 09',
    });
    const consent = await req('POST', `/v1/cases/${caseId}/consent`, 'coord-nord', {
      decision: 'granted',
      givenBy: 'person',
      scopes: [team.nurse, team.gp, team.social].map((participantId) => ({
        participantId,
        dataCategories: ['meeting-details', 'case-status'],
      })),
    });
    expect(consent.status).toBe(200);

    const now = await businessNow();
    const start = Math.ceil((now + 2 * HOUR) / MINUTE) * MINUTE;
    const scheduled = await req('POST', `/v1/cases/${caseId}/concertations`, 'coord-nord', {
      start: new Date(start).toISOString(),
      end: new Date(start + HOUR).toISOString(),
      location: { kind: 'video' },
    });
    expect(scheduled.status).toBe(201);
    concertationId = scheduled.body.concertation.id;
    const record = {
      held: true,
      attendance: [
        { participantId: team.person, mode: 'in-person' },
        { participantId: team.nurse, mode: 'phone' },
        { participantId: team.gp, mode: 'written-input' },
        { participantId: team.social, mode: 'video' },
      ],
      wishes: ['Ik wil thuis blijven wonen'],
      decisions: ['Thuisverpleging twee keer per week', 'Doorverwijzing naar het dagcentrum'],
      actionItems: [
        {
          kind: 'task',
          title: 'Start home nursing visits',
          owner: { participantId: team.nurse },
          dueOn: brusselsDay(now + 7 * DAY),
        },
        {
          kind: 'referral',
          title: 'Refer to the day centre',
          owner: { participantId: team.gp },
          dueOn: brusselsDay(now + 28 * DAY),
        },
      ],
      referent: { participantId: team.social },
      nextReview: { on: brusselsDay(now + 42 * DAY), kind: 'concertation' },
    };
    // Not held before it started.
    expect((await req('POST', `/v1/concertations/${concertationId}/record`, 'coord-nord', record)).status).toBe(409);
    await setStackClockOffset((await readStackClockOffset()) + 3 * HOUR + 1 * MINUTE);
    // Once every service has read the clock, the meeting is over: a bare record names what it lacks.
    const bare = await eventually(async () => {
      const r = await req('POST', `/v1/concertations/${concertationId}/record`, 'coord-nord', {
        held: true,
        wishes: ['Ik wil thuis blijven wonen'],
      });
      expect(r.status).toBe(422);
      return r;
    });
    expect(bare.body.missing).toEqual(['attendance', 'decisions', 'actionItems', 'referent', 'nextReview']);

    const recorded = await eventually(async () => {
      const r = await req('POST', `/v1/concertations/${concertationId}/record`, 'coord-nord', record);
      expect(r.status).toBe(201);
      return r;
    });
    expect(recorded.body).toMatchObject({
      held: true,
      version: 1,
      referent: { participantId: team.social },
      nextReview: record.nextReview,
      wishes: record.wishes,
      decisions: record.decisions,
    });
    for (const i of recorded.body.actionItems as Json[]) {
      items[i.kind === 'task' ? 'nurse' : 'referral'] = i.id;
    }
    expect(Object.keys(items).sort()).toEqual(['nurse', 'referral']);
    const read = await req('GET', `/v1/concertations/${concertationId}/record`);
    expect(read.body).toMatchObject({ recorded: true, held: true, version: 1 });

    // The owner is told her new item, in French, without a word about Simone.
    const told = await eventually(async () => {
      const mails = await followUpMail(nurseMail);
      expect(mails.map((m) => m.subject)).toEqual(['Une nouvelle action pour vous']);
      return mails[0];
    }, 30000);
    const mail = await readMailboxMail(told);
    expect(mail.text).toContain('Start home nursing visits');
    expect(mail.text).not.toMatch(/Uccle|Person-/);
  });

  it('sends Simone an easy-read letter in Dutch of what was decided', async () => {
    const task = await eventually(async () => {
      const r = await req('GET', `/v1/cases/${caseId}/tasks`);
      const found = (r.body.tasks as Json[]).find(
        (x) => x.kind === 'post-letter' && x.messageKind === 'record-summary',
      );
      expect(found).toMatchObject({ status: 'open', language: 'nl' });
      return found!;
    }, 30000);
    const letter = await req('GET', task.letterUrl);
    expect(letter.status).toBe(200);
    for (const text of [
      '<html lang="nl">',
      'Wat we samen hebben afgesproken',
      'Thuisverpleging twee keer per week',
      'Start home nursing visits',
      '1180 Uccle',
      '+32 470 00 00 09',
    ]) {
      expect(letter.text).toContain(text);
    }
    // The same letter lies in the stack's mailbox, for the coordinator to print and post.
    const dir = join(MAILBOX_DIR, 'letters');
    const files = (await readdir(dir)).filter((f) => /^letter-[0-9a-f]{32}\.html$/.test(f));
    const contents = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    expect(contents.filter((c) => c === letter.text)).toHaveLength(1);
  });

  it('reminds the home nurse before and on the due day (the referent too), then escalates to the coordinator', async () => {
    const nurseSubjects = async () => (await followUpMail(nurseMail)).map((m) => m.subject);
    const beforeDue = await passNextStep(items.nurse);
    expect(brusselsTime(beforeDue)).toBe('09:00');
    await eventually(
      async () =>
        expect(await nurseSubjects()).toEqual([
          'Une nouvelle action pour vous',
          'Rappel : une action arrive à échéance',
        ]),
      30000,
    );
    const due = await passNextStep(items.nurse);
    expect(brusselsDay(due.getTime())).toBe(
      (await req('GET', `/v1/cases/${caseId}/action-items`)).body.items.find((i: Json) => i.id === items.nurse).dueOn,
    );
    await eventually(
      async () =>
        expect(await nurseSubjects()).toEqual([
          'Une nouvelle action pour vous',
          'Rappel : une action arrive à échéance',
          'Rappel : une action arrive à échéance aujourd’hui',
        ]),
      30000,
    );
    await eventually(
      async () =>
        expect((await followUpMail(socialMail)).map((m) => m.subject)).toEqual([
          'Een actie van uw dossier vervalt vandaag',
        ]),
      30000,
    );
    // Not escalated before the grace period is over.
    const listed = await req('GET', `/v1/cases/${caseId}/action-items`);
    expect(listed.body.items.find((i: Json) => i.id === items.nurse)).toMatchObject({ status: 'open' });
    expect((await deliveries(items.nurse)).filter((d) => d.trigger === 'action-escalated')).toEqual([]);

    const escalation = await passNextStep(items.nurse);
    // Three working days after the due day.
    expect(escalation.getTime() - due.getTime()).toBeGreaterThanOrEqual(3 * DAY - HOUR);
    await eventually(async () => {
      const rows = (await deliveries(items.nurse)).filter((d) => d.trigger === 'action-escalated');
      expect(rows).toEqual([expect.objectContaining({ recipient_type: 'coordinator', recipient_ref: 'coord-nord' })]);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    }, 30000);
    await eventually(async () => {
      const r = await req('GET', `/v1/cases/${caseId}/action-items`);
      expect(r.body.items.find((i: Json) => i.id === items.nurse)).toMatchObject({ status: 'open', escalated: true });
    });
    // Each reminder left once: one message per step and recipient.
    const all = await deliveries(items.nurse);
    expect(all.filter((d) => d.trigger === 'action-before-due')).toHaveLength(1);
    expect(
      all
        .filter((d) => d.trigger === 'action-due')
        .map((d) => d.recipient_ref)
        .sort(),
    ).toEqual([team.nurse, team.social].sort());

    // The nurse closes her item; its timer goes with it.
    expect((await req('POST', `/v1/action-items/${items.nurse}/done`, 'pro-gp')).status).toBe(404);
    const done = await req('POST', `/v1/action-items/${items.nurse}/done`, 'pro-home-nurse');
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(await liveTimer(items.nurse)).toEqual([]);
  });

  it('closes the referral only once the referent confirms the person was received', async () => {
    // Nothing to confirm before the owner reports it done.
    expect([409, 422]).toContain(
      (await req('POST', `/v1/action-items/${items.referral}/confirm-received`, 'pro-social-worker')).status,
    );
    const done = await req('POST', `/v1/action-items/${items.referral}/done`, 'pro-gp');
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('awaiting-confirmation');
    // The GP is not the referent.
    expect((await req('POST', `/v1/action-items/${items.referral}/confirm-received`, 'pro-gp')).status).toBe(404);
    // The case cannot close while the referral waits.
    await eventually(async () => {
      const refused = await req('POST', `/v1/cases/${caseId}/close`, 'coord-nord', {
        outcome: 'situation-stabilised',
        reason: 'Followed up at home',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.type).toContain('open-action-items');
    }, 30000);
    const confirmed = await req('POST', `/v1/action-items/${items.referral}/confirm-received`, 'pro-social-worker');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('received');
    expect((await req('POST', `/v1/action-items/${items.referral}/confirm-received`, 'pro-social-worker')).status).toBe(
      409,
    );
    expect(await liveTimer(items.referral)).toEqual([]);
  });

  it('closes the case with nothing left open and tells the pharmacist who raised the alert (status only)', async () => {
    const summary = await req('GET', `/v1/cases/${caseId}/exit-summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.steps).toEqual({ opened: 2, closed: 2, pending: 0 });
    const closed = await eventually(async () => {
      const r = await req('POST', `/v1/cases/${caseId}/close`, 'coord-nord', {
        outcome: 'situation-stabilised',
        reason: 'Followed up at home',
      });
      expect(r.status).toBe(200);
      return r;
    }, 30000);
    expect(closed.body.status).toBe('closed');
    const caseRef = `C-${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
    const told = await eventually(async () => {
      const mails = (await readMailbox()).filter(
        (m) => m.to === 'pro-pharmacist@mail.demo.concerto.brussels' && m.subject.includes(caseRef),
      );
      const closing = mails.filter((m) => m.subject.includes('clôturé'));
      expect(closing).toHaveLength(1);
      return closing[0];
    }, 30000);
    const text = (await readMailboxMail(told)).text ?? '';
    expect(text).toContain('clôturé');
    // Status only: nothing of what was decided, nothing about the person.
    expect(text).not.toMatch(/Person-|Uccle|thuis|Thuis|nursing|day centre|Followed up at home/);
  });
});
