/**
 * Helpers for the tests that drive the running distributed stack over real HTTP
 * (deploy/local/stack.sh up). Everything goes through the gateway, like a client would.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { DevIdentityProvider } from '#concerto/auth';
import { loadConfig } from '#concerto/config';

export const GATEWAY_URL = (process.env.CONCERTO_GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const STACK_DIR = resolve(process.env.STACK_DIR ?? '.stack');
const DATA_DIR = resolve(process.env.STACK_DATA_DIR ?? join(STACK_DIR, 'data'));
/** Where the stack's notifications service writes e-mails, text messages and letters (no SMTP relay here). */
export const MAILBOX_DIR = resolve(process.env.STACK_MAILBOX_DIR ?? join(DATA_DIR, 'mailbox'));

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = any>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) {
    headers.authorization = `Bearer ${opts.token}`;
  }
  let body: string | undefined;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${GATEWAY_URL}${path}`, { method, headers, body, signal: AbortSignal.timeout(15000) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

interface DemoProfessional {
  id: string;
  displayName: string;
  roles: string[];
  bassins?: string[];
}

/** Signs development tokens with the key pair the running gateway verifies against (DATA_DIR/keys). */
export class StackTokens {
  private constructor(
    private readonly idp: DevIdentityProvider,
    private readonly users: DemoProfessional[],
  ) {}

  static async load(): Promise<StackTokens> {
    if (!existsSync(join(DATA_DIR, 'keys', 'dev-signing-key.jwk.json'))) {
      throw new Error(`No development key in ${DATA_DIR}/keys: start the stack first (npm run stack:up)`);
    }
    const config = loadConfig(process.env);
    const idp = await DevIdentityProvider.load(join(DATA_DIR, 'keys'), config.AUTH_ISSUER, config.AUTH_AUDIENCE);
    const directory = JSON.parse(readFileSync(resolve(config.DIRECTORY_SEED_FILE), 'utf8')) as {
      professionals: DemoProfessional[];
    };
    return new StackTokens(idp, directory.professionals);
  }

  token(userId: string): Promise<string> {
    const user = this.users.find((u) => u.id === userId);
    if (!user) {
      throw new Error(`unknown demo user ${userId}`);
    }
    return this.idp.issue(user, 600);
  }
}

/** Retries an assertion until it passes or the deadline expires (the stack is asynchronous). */
export async function eventually<T>(assertion: () => Promise<T> | T, timeoutMs = 15000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

let counter = 0;
const letters = (n: number): string => n.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));

/** A fictitious person nobody else uses in this or an earlier run (names are letters only). */
export function uniquePerson(extra: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    givenName: 'Stack',
    familyName: `Person-${letters(process.pid)}${letters(Date.now() % 10000000)}${letters(counter)}`,
    birthDate: '1950-01-01',
    address: { postalCode: '1090' },
    ...extra,
  };
}

export function alertBody(
  overrides: Record<string, unknown> = {},
  person: Record<string, unknown> = uniquePerson(),
): Record<string, unknown> {
  return { type: 'not-seen', urgency: 'normal', person, reason: 'No longer comes to the day centre', ...overrides };
}

/** The stack's development clock offset in ms (0 without the file, as the services read it). */
export async function readStackClockOffset(): Promise<number> {
  const value = Number((await readFile(join(DATA_DIR, 'clock-offset-ms'), 'utf8').catch(() => '0')).trim());
  return Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/**
 * Moves the stack's development clock (DEV_CLOCK_CONTROL, on in stack.sh): every service reads
 * DATA_DIR/clock-offset-ms a few times a second. Written aside and renamed, like scripts/clock.mjs.
 */
export async function setStackClockOffset(ms: number): Promise<void> {
  const file = join(DATA_DIR, 'clock-offset-ms');
  await writeFile(`${file}.tmp`, `${Math.round(ms)}\n`);
  await rename(`${file}.tmp`, file);
}

/** One line of the notifications service's mailbox index (MAILBOX_DIR/index.jsonl). */
export interface MailboxEntry {
  id: string;
  idempotencyKey: string;
  to: string;
  subject: string;
  language: string;
  calendarMethod?: string;
  file: string;
}

async function jsonLines<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

/** The e-mails the stack's notifications service wrote (no SMTP relay in the stack). */
export function readMailbox(): Promise<MailboxEntry[]> {
  return jsonLines<MailboxEntry>(join(MAILBOX_DIR, 'index.jsonl'));
}

/** The .eml file of one mailbox entry, parsed. */
export async function readMailboxMail(entry: MailboxEntry): Promise<ParsedMail> {
  return simpleParser(await readFile(join(MAILBOX_DIR, entry.file)));
}

/** The text messages of the development SMS sink. */
export function readSmsLog(): Promise<Array<{ idempotencyKey: string; to: string; text: string }>> {
  return jsonLines(join(MAILBOX_DIR, 'sms', 'messages.jsonl'));
}

/**
 * The answer link of one kind (accept, decline, …) in a mailed invitation. A short token carries
 * nothing, so its kind is its place: every invitation and update lists accept, decline, then
 * written input. A signed token (older messages) says its kind itself.
 */
export async function answerToken(entry: MailboxEntry, action: string): Promise<string> {
  const text = (await readMailboxMail(entry)).text ?? '';
  const tokens = [...text.matchAll(/\/a\/([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?)/g)].map((m) => m[1]);
  const order = ['accept', 'decline', 'written-input'];
  for (const [index, token] of tokens.entries()) {
    const kind = token.includes('.')
      ? (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { a: string }).a
      : order[index];
    if (kind === action) {
      return token;
    }
  }
  throw new Error(`no ${action} link in the e-mail to ${entry.to}`);
}
