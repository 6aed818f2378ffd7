/**
 * What the follow-up fault scenarios (R8b, R1b) share: a case whose home nurse owns a few action
 * items (each with its durable `action.follow-up` timer in scheduling), the development clock moved
 * just past one of their steps, and the checker that counts, per item and step, the
 * `action.reminder-due` events scheduling emitted, the follow-up messages notifications planned, and
 * the e-mails that reached the stack's mailbox: each exactly once (missed = 0, duplicates = 0).
 */
import type pg from 'pg';
import {
  alertBody,
  call,
  readMailbox,
  readStackClockOffset,
  setStackClockOffset,
  uniquePerson,
} from '../stack/stack-client.js';
import { demoUserToken, eventually } from './fault-kit.js';

type Json = Record<string, any>;
export type Step = 'before-due' | 'due';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TRIGGER: Record<Step, string> = { 'before-due': 'action-before-due', due: 'action-due' };
const brusselsDay = (at: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date(at));

export interface FollowUpSetup {
  caseId: string;
  nurse: string;
  nurseMail: string;
  items: string[];
}

async function as(user: string, method: string, path: string, body?: unknown) {
  const res = await call(method, path, { token: await demoUserToken(user), ...(body === undefined ? {} : { body }) });
  return res;
}

/**
 * A case raised by the pharmacist, the home nurse on its care team (an address of this seed's own),
 * and `count` items she owns, due in a week; returns once every item's "new action" e-mail left,
 * so that what the fault touches is the reminders only.
 */
export async function prepareItems(db: pg.Pool, label: string, count: number): Promise<FollowUpSetup> {
  const raised = await as('pro-pharmacist', 'POST', '/v1/alerts', alertBody({}, uniquePerson()));
  if (raised.status !== 201) {
    throw new Error(`alert refused: ${raised.status} ${raised.text}`);
  }
  const caseId = raised.body.caseId as string;
  await eventually('the person seated on the new case', 30000, async () => {
    const r = await as('coord-nord', 'GET', `/v1/cases/${caseId}/participants`);
    if (r.status !== 200 || r.body.participants.length !== 1) {
      throw new Error(`participants: ${r.status}`);
    }
  });
  const nurseMail = `nurse.${label}.${Date.now().toString(36)}@example.test`;
  const seated = await as('coord-nord', 'POST', `/v1/cases/${caseId}/participants`, {
    kind: 'professional',
    professionalId: 'pro-home-nurse',
    language: 'fr',
    email: nurseMail,
  });
  if (seated.status !== 201) {
    throw new Error(`nurse not seated: ${seated.status} ${seated.text}`);
  }
  const nurse = seated.body.participant.id as string;
  const dueOn = brusselsDay(Date.now() + (await readStackClockOffset()) + 7 * DAY);
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await as('coord-nord', 'POST', `/v1/cases/${caseId}/action-items`, {
      kind: 'task',
      title: `Home visit ${i + 1}`,
      owner: { participantId: nurse },
      dueOn,
    });
    if (r.status !== 201) {
      throw new Error(`item refused: ${r.status} ${r.text}`);
    }
    items.push(r.body.id as string);
  }
  await eventually('every new item told to its owner', 60000, async () => {
    const sent = await messages(db, items, 'action-opened');
    const missing = items.filter((id) => !sent.some((m) => m.subject_id === id && m.status === 'sent'));
    if (missing.length > 0) {
      throw new Error(`${missing.length}/${items.length} "new action" e-mails not sent yet`);
    }
  });
  return { caseId, nurse, nurseMail, items };
}

/** The latest due time of the items' live follow-up timers (all the items share one due day). */
export async function nextStepAt(db: pg.Pool, items: string[]): Promise<number> {
  const { rows } = await db.query<{ due_at: Date }>(
    `SELECT "due_at" FROM "scheduling"."timers" WHERE "kind" = 'action.follow-up' AND "subject_id" = ANY($1::text[]) AND "fired_at" IS NULL AND "cancelled_at" IS NULL`,
    [items],
  );
  if (rows.length !== items.length) {
    throw new Error(`${rows.length}/${items.length} items have a live follow-up timer`);
  }
  return Math.max(...rows.map((r) => r.due_at.getTime()));
}

/** Moves the stack's development clock one minute past the items' next step (never backwards). */
export async function passNextStep(db: pg.Pool, items: string[]): Promise<void> {
  const at = await eventually('a live follow-up timer for every item', 30000, () => nextStepAt(db, items));
  const offset = await readStackClockOffset();
  await setStackClockOffset(Math.max(offset, at + MINUTE - Date.now()));
}

interface MessageRow {
  subject_id: string;
  trigger: string;
  recipient_ref: string;
  status: string | null;
  idempotency_key: string | null;
}

function messages(db: pg.Pool, items: string[], trigger: string): Promise<MessageRow[]> {
  return db
    .query<MessageRow>(
      `SELECT m."subject_id"::text, m."trigger", m."recipient_ref", d."status", d."idempotency_key"
         FROM "notifications"."follow_up_messages" m
         LEFT JOIN "notifications"."deliveries" d ON d."invitation_id" = m."id"
        WHERE m."subject_id" = ANY($1::uuid[]) AND m."trigger" = $2`,
      [items, trigger],
    )
    .then((r) => r.rows);
}

/** How many of the items' reminders of this step were sent so far (where the fault landed, for the summary). */
export async function sentCount(db: pg.Pool, items: string[], step: Step): Promise<number> {
  return new Set((await messages(db, items, TRIGGER[step])).filter((r) => r.status === 'sent').map((r) => r.subject_id))
    .size;
}

/** Waits until every item's reminder of this step was sent (or the bound passes: the checker then says what is missing). */
export async function awaitReminders(db: pg.Pool, items: string[], step: Step, timeoutMs: number): Promise<void> {
  await eventually(`every ${step} reminder sent`, timeoutMs, async () => {
    const rows = await messages(db, items, TRIGGER[step]);
    const sent = new Set(rows.filter((r) => r.status === 'sent').map((r) => r.subject_id));
    if (items.some((id) => !sent.has(id))) {
      throw new Error(`${sent.size}/${items.length} sent`);
    }
  }).catch(() => undefined);
}

export interface ReminderCheck {
  missed: number;
  duplicates: number;
  problems: string[];
  /** Per step: events / planned messages / mailbox e-mails, for the summary line. */
  counts: Record<string, string>;
}

/**
 * Per item and step: exactly one `action.reminder-due` event in scheduling's outbox, exactly one
 * follow-up message to the owner in notifications, sent, and exactly one e-mail in the mailbox.
 */
export async function checkReminders(db: pg.Pool, setup: FollowUpSetup, steps: Step[]): Promise<ReminderCheck> {
  const problems: string[] = [];
  let missed = 0;
  let duplicates = 0;
  const counts: Record<string, string> = {};
  const mailbox = await readMailbox();
  const { rows: events } = await db.query<{ item: string; step: string }>(
    `SELECT "envelope"->'data'->>'itemId' AS item, "envelope"->'data'->>'step' AS step FROM "scheduling"."outbox"
      WHERE "envelope"->>'type' = 'action.reminder-due' AND "envelope"->'data'->>'itemId' = ANY($1::text[])`,
    [setup.items],
  );
  for (const step of steps) {
    const rows = (await messages(db, setup.items, TRIGGER[step])).filter((r) => r.recipient_ref === setup.nurse);
    let e = 0;
    let m = 0;
    let mails = 0;
    for (const item of setup.items) {
      const itemEvents = events.filter((x) => x.item === item && x.step === step).length;
      const itemRows = rows.filter((r) => r.subject_id === item);
      const keys = new Set(itemRows.flatMap((r) => (r.idempotency_key ? [r.idempotency_key] : [])));
      const itemMails = mailbox.filter((x) => keys.has(x.idempotencyKey) && x.to === setup.nurseMail).length;
      e += itemEvents;
      m += itemRows.length;
      mails += itemMails;
      if (itemEvents === 0 || itemMails === 0) {
        missed++;
        problems.push(
          `MISSED ${step} reminder of item ${item}: ${itemEvents} events, ${itemRows.length} messages (${itemRows.map((r) => r.status).join(',')}), ${itemMails} e-mails`,
        );
      }
      const extra = Math.max(0, itemEvents - 1) + Math.max(0, itemRows.length - 1) + Math.max(0, itemMails - 1);
      if (extra > 0) {
        duplicates += extra;
        problems.push(
          `DUPLICATE ${step} reminder of item ${item}: ${itemEvents} events, ${itemRows.length} messages, ${itemMails} e-mails`,
        );
      }
    }
    counts[step] = `${e}/${m}/${mails}`;
  }
  return { missed, duplicates, problems, counts };
}

/** Closes the seed's case with its items withdrawn, so no timer of it fires in a later seed. */
export async function closeCase(setup: FollowUpSetup): Promise<void> {
  await eventually('the seed case closed', 30000, async () => {
    const r = await as('coord-nord', 'POST', `/v1/cases/${setup.caseId}/close`, {
      outcome: 'other',
      reason: 'Fault test over',
      openItemsOverride: 'Fault test over',
    });
    if (r.status !== 200) {
      throw new Error(`close: ${r.status} ${(r.body as Json)?.type ?? ''}`);
    }
  });
}
