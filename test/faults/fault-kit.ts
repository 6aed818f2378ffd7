/**
 * The fault tests' toolkit (§7b of the quality bar): drive the running distributed stack
 * (deploy/local/stack.sh up) through its gateway, inject faults with the project's own scripts
 * (infra.sh kill9/start/pg-stop-immediate, stack.sh kill9/start/restart), wait until the system
 * settled, then compute from the inputs' ids whether every accepted input had its effect exactly
 * once (lost = 0, duplicate effects = 0).
 *
 * Every scenario runs with 5 fresh seeds, as the quality bar asks (FAULT_SEED_COUNT=n for another
 * number, FAULT_SEED=7 or FAULT_SEEDS=a,b,c to replay given ones; each seed is in the test's name),
 * bounded in time, and restores the stack (infra and every service running, without fault
 * settings such as R14's SMTP_URL) in its cleanup, even when it fails.
 *
 * Scenarios: R1 consumer kill -9, R4 broker kill -9, R5 relay crash between publish and mark,
 * R6 PostgreSQL crash, R8 Redis kill -9 and lost jobs, R11 poison message, R12 duplicate inputs,
 * R14 notifier kill -9 between the provider's acceptance and the mark.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import kafkajs from 'kafkajs';
import type { Admin, Producer } from 'kafkajs';
import pg from 'pg';
import { DevIdentityProvider } from '#concerto/auth';
import { loadConfig } from '#concerto/config';
import { type FieldCipher, personVaultCipher } from '#concerto/persistence';
import { readTopicRange, topicWatermarks } from '#concerto/messaging';
import { alertBody, GATEWAY_URL, uniquePerson } from '../stack/stack-client.js';

export const REPO_DIR = process.cwd();
export const STACK_DIR = resolve(process.env.STACK_DIR ?? join(REPO_DIR, '.stack'));
const DATA_DIR = resolve(process.env.STACK_DATA_DIR ?? join(STACK_DIR, 'data'));
const INFRA = join(REPO_DIR, 'deploy/local/infra.sh');
const STACK = join(REPO_DIR, 'deploy/local/stack.sh');
export const DATABASE_URL = process.env.FAULT_DATABASE_URL ?? 'postgres://concerto:concerto@127.0.0.1:15432/concerto';
export const BROKERS = (process.env.FAULT_KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
export const REDIS_PORT = Number(process.env.REDIS_PORT ?? 16379);
/** Redis has a password (infra.sh generates it into STACK_DIR/infra.env on first start). */
export const REDIS_PASSWORD =
  process.env.FAULT_REDIS_PASSWORD ??
  /^REDIS_PASSWORD=(.*)$/m.exec(
    existsSync(join(STACK_DIR, 'infra.env')) ? readFileSync(join(STACK_DIR, 'infra.env'), 'utf8') : '',
  )?.[1];
const SUMMARY_FILE = join(STACK_DIR, 'logs', 'faults-summary.log');

export type Service = 'directory' | 'alerts' | 'cases' | 'scheduling' | 'notifications' | 'gateway';
export type Component = 'kafka' | 'postgres' | 'redis';

/** Settings only a fault scenario sets on a service; restoreStack() restarts a service without them. */
export const FAULT_ENV_KEYS = [
  'ACK_TIMEOUT_URGENT_MINUTES',
  'ACK_TIMEOUT_NORMAL_MINUTES',
  'TIMER_SWEEP_INTERVAL_MS',
  'FAULT_EXIT_AFTER_PUBLISH_PROBABILITY',
  'SMTP_URL',
];

// ---------------------------------------------------------------------------------------------
// Logging, seeds, time bounds
// ---------------------------------------------------------------------------------------------

const t0 = Date.now();
export function log(line: string): void {
  const text = `[faults +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}\n`;
  process.stdout.write(text);
}

/** The seeds to run: FAULT_SEEDS=1,2,3 or FAULT_SEED=7, otherwise FAULT_SEED_COUNT (default 5) fresh seeds. */
export function seeds(): number[] {
  const raw = process.env.FAULT_SEEDS ?? process.env.FAULT_SEED;
  if (raw) {
    const given = raw.split(',').map((s) => Number(s.trim()));
    if (given.some((n) => !Number.isInteger(n) || n < 0)) {
      throw new Error(`FAULT_SEEDS/FAULT_SEED must be non-negative integers, got '${raw}'`);
    }
    return given;
  }
  const count = Number(process.env.FAULT_SEED_COUNT ?? 5);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`FAULT_SEED_COUNT must be a positive integer, got '${process.env.FAULT_SEED_COUNT}'`);
  }
  return Array.from({ length: count }, () => Math.floor(Math.random() * 2 ** 31));
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Prng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Rejects when the scenario overruns its hard bound (the cleanup still runs). */
export async function withDeadline<T>(label: string, ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${label}: hard time bound of ${ms / 1000} s exceeded${deadServicesReport()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function eventually<T>(
  what: string,
  timeoutMs: number,
  fn: () => Promise<T>,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not reached within ${timeoutMs} ms (${last instanceof Error ? last.message : String(last)})`,
      );
    }
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// The project's scripts
// ---------------------------------------------------------------------------------------------

export interface ScriptResult {
  code: number;
  output: string;
  ms: number;
}

/** The environment the scripts (and so the services they start) get: the caller's, minus fault settings and jest's NODE_ENV. */
function cleanEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, STACK_DIR };
  for (const key of [...FAULT_ENV_KEYS, 'NODE_ENV', 'JEST_WORKER_ID']) {
    delete env[key];
  }
  return { ...env, ...overrides };
}

function runScript(
  script: string,
  args: string[],
  opts: { env?: Record<string, string>; timeoutMs?: number; allowFail?: boolean } = {},
): Promise<ScriptResult> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 120000;
  const name = `${script.endsWith('infra.sh') ? 'infra.sh' : 'stack.sh'} ${args.join(' ')}`;
  return new Promise((resolvePromise, reject) => {
    // Own process group, so a hung script is killed with its children (the services it starts use setsid and survive).
    const child = spawn(script, args, {
      cwd: REPO_DIR,
      env: cleanEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? (signal ? 128 : 1), output, ms: Date.now() - started };
      appendLog(
        `$ ${name}${opts.env && Object.keys(opts.env).length ? ` (env ${JSON.stringify(opts.env)})` : ''} -> ${result.code} in ${result.ms} ms\n${output}`,
      );
      if (result.code !== 0 && !opts.allowFail) {
        reject(
          new Error(
            `${name} failed with exit code ${result.code} after ${result.ms} ms:\n${output.split('\n').slice(-15).join('\n')}`,
          ),
        );
      } else {
        resolvePromise(result);
      }
    });
  });
}

function appendLog(text: string): void {
  try {
    mkdirSync(join(STACK_DIR, 'logs'), { recursive: true });
    appendFileSync(join(STACK_DIR, 'logs', 'faults-scripts.log'), `${new Date().toISOString()} ${text}\n`);
  } catch {
    // logging must never fail a scenario
  }
}

/** Services currently running with fault settings: restoreStack() restarts them clean. */
const overridden = new Set<Service>();

export const infra = {
  kill9: (c: Component) => runScript(INFRA, ['kill9', c], { timeoutMs: 60000 }),
  start: (c: Component) => runScript(INFRA, ['start', c], { timeoutMs: 120000 }),
  pgStopImmediate: () => runScript(INFRA, ['pg-stop-immediate'], { timeoutMs: 60000 }),
  up: () => runScript(INFRA, ['up'], { timeoutMs: 240000 }),
};

export const stack = {
  kill9: (svc: Service) => runScript(STACK, ['kill9', svc], { timeoutMs: 30000 }),
  /** SIGTERM, and SIGKILL only if the service has not exited within stack.sh's STOP_TIMEOUT (the output says so). */
  stop: (svc: Service) => runScript(STACK, ['stop', svc], { timeoutMs: 60000 }),
  /** Starts the service and waits for its /ready (stack.sh start); `env` = fault settings for this process. */
  start: async (svc: Service, env?: Record<string, string>, allowFail = false) => {
    if (env && Object.keys(env).length > 0) {
      overridden.add(svc);
    }
    return runScript(STACK, ['start', svc], { env, timeoutMs: 150000, allowFail });
  },
  restart: async (svc: Service, env?: Record<string, string>, allowFail = false) => {
    if (env && Object.keys(env).length > 0) {
      overridden.add(svc);
    }
    const result = await runScript(STACK, ['restart', svc], { env, timeoutMs: 150000, allowFail });
    if (!env || Object.keys(env).length === 0) {
      overridden.delete(svc);
    }
    return result;
  },
};

/** The pid in the service's pid file if that process is alive (what stack.sh status checks). */
export function servicePid(svc: string): number | undefined {
  const file = join(STACK_DIR, 'run', `${svc}.pid`);
  if (!existsSync(file)) {
    return undefined;
  }
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!pid) {
    return undefined;
  }
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) {
      return undefined;
    }
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes(`dist/apps/${svc}/src/main.js`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function ready(baseUrl = GATEWAY_URL): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(3000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * '' when every service runs; otherwise which ones do not and the end of their logs, so that a
 * scenario that cannot settle because a service died says so instead of only running out of time.
 */
export function deadServicesReport(): string {
  const dead = stackServices().filter((s) => !servicePid(s));
  if (dead.length === 0) {
    return '';
  }
  const tails = dead.map((svc) => {
    const file = join(STACK_DIR, 'logs', `${svc}.log`);
    const tail = existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-25).join('\n') : '(no log)';
    return `--- end of ${svc}.log ---\n${tail}`;
  });
  return `; services not running: ${dead.join(', ')}\n${tails.join('\n')}`;
}

/** Every service stack.sh has a pid file for (the four above, and whatever stack.sh starts besides). */
export function stackServices(): string[] {
  const dir = join(STACK_DIR, 'run');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.pid'))
        .map((f) => f.slice(0, -4))
        .sort()
    : [];
}

/**
 * Brings the stack back to its normal state after a scenario, whatever happened in it: the services
 * that ran with fault settings are restarted without them, then `stack.sh up --no-build` starts
 * whatever infrastructure component or service is down (running ones are left alone) and waits
 * for every /ready; finally the gateway's /ready must answer 200.
 */
export async function restoreStack(): Promise<void> {
  const started = Date.now();
  if (overridden.size > 0) {
    await infra.up();
    for (const svc of [...overridden]) {
      await stack.restart(svc);
      overridden.delete(svc);
    }
  }
  await runScript(STACK, ['up', '--no-build'], { timeoutMs: 300000 });
  await eventually('gateway /ready after restoring the stack', 90000, async () => {
    if (!(await ready())) {
      throw new Error('gateway not ready');
    }
  });
  log(`stack restored in ${Date.now() - started} ms`);
}

// ---------------------------------------------------------------------------------------------
// Clients: tokens, HTTP, database, Kafka
// ---------------------------------------------------------------------------------------------

let idp: Promise<DevIdentityProvider> | undefined;
const tokenCache = new Map<string, Promise<string>>();

function identityProvider(): Promise<DevIdentityProvider> {
  if (!idp) {
    if (!existsSync(join(DATA_DIR, 'keys', 'dev-signing-key.jwk.json'))) {
      throw new Error(`No development key in ${DATA_DIR}/keys: start the stack first (npm run stack:up)`);
    }
    const config = loadConfig(process.env);
    idp = DevIdentityProvider.load(join(DATA_DIR, 'keys'), config.AUTH_ISSUER, config.AUTH_AUDIENCE);
  }
  return idp;
}

/**
 * A token for a synthetic reporter. Alert intake is rate-limited per user (ALERT_RATE_LIMIT_PER_MINUTE,
 * 30 by default, at the gateway and at the alerts service), so load is spread over several reporters
 * (ReporterPool) instead of raising the limit: the stack under test keeps its real settings.
 */
export function reporterToken(userId: string): Promise<string> {
  let token = tokenCache.get(userId);
  if (!token) {
    token = registerReporters([userId]).then(() =>
      identityProvider().then((p) =>
        p.issue({ id: userId, displayName: `Fault test reporter ${userId}`, roles: ['professional'] }, 3600),
      ),
    );
    tokenCache.set(userId, token);
  }
  return token;
}

const registeredReporters = new Set<string>();

/**
 * Every subject must be an active professional of the directory (issue 14): the synthetic reporters
 * are entered there, as pharmacists of a demo organisation, before their first token. Done up front
 * for a whole load (runLoad), so that no registration waits on a database the scenario has stopped.
 */
export async function registerReporters(userIds: string[]): Promise<void> {
  const missing = [...new Set(userIds)].filter((id) => !registeredReporters.has(id));
  if (missing.length === 0) {
    return;
  }
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 1, connectionTimeoutMillis: 5000 });
  try {
    await db.query(
      `INSERT INTO "directory"."professionals" ("id","display_name","role","organisation_id","languages","roles","bassins")
       SELECT id, 'Fault test reporter ' || id, 'pharmacist', 'org-pharmacie-jette', '["fr"]'::jsonb, '["professional"]'::jsonb, '[]'::jsonb
       FROM unnest($1::text[]) AS id ON CONFLICT ("id") DO NOTHING`,
      [missing],
    );
    missing.forEach((id) => registeredReporters.add(id));
  } finally {
    await db.end();
  }
}

/** A token for one of the demo directory's users (e.g. coord-nord, backup-nord). */
export async function demoUserToken(userId: string): Promise<string> {
  const config = loadConfig(process.env);
  const directory = JSON.parse(readFileSync(resolve(config.DIRECTORY_SEED_FILE), 'utf8')) as {
    professionals: Array<{ id: string; displayName: string; roles: string[]; bassins?: string[] }>;
  };
  const user = directory.professionals.find((u) => u.id === userId);
  if (!user) {
    throw new Error(`unknown demo user ${userId}`);
  }
  return (await identityProvider()).issue(user, 3600);
}

export interface HttpAnswer {
  /** 0 = no HTTP answer (connection refused/reset, timeout). */
  status: number;
  body: any;
  ms: number;
  contentType?: string;
  error?: string;
}

export async function http(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 15000,
): Promise<HttpAnswer> {
  const started = Date.now();
  try {
    const res = await fetch(`${GATEWAY_URL}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return {
      status: res.status,
      body: parsed,
      ms: Date.now() - started,
      contentType: res.headers.get('content-type') ?? undefined,
    };
  } catch (error) {
    return {
      status: 0,
      body: undefined,
      ms: Date.now() - started,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}

export function database(): pg.Pool {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 3, connectionTimeoutMillis: 5000 });
  // A PostgreSQL crash (R6) must not crash the test process through an idle client's error event.
  pool.on('error', () => undefined);
  return pool;
}

export function kafka(clientId = `faults-${randomUUID().slice(0, 8)}`): kafkajs.Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: BROKERS,
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 250, maxRetryTime: 3000, retries: 10 },
  });
}

export type Offsets = Map<number, bigint>;

export async function highWatermarks(admin: Admin, topic: string): Promise<Offsets> {
  return (await topicWatermarks(admin, topic)).high;
}

/** Messages not yet processed by a consumer group on a topic (high watermark − committed offset, summed). */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const high = await highWatermarks(admin, topic);
  const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
  let lag = 0n;
  for (const p of committed[0]?.partitions ?? []) {
    const hw = high.get(p.partition) ?? 0n;
    const at = BigInt(p.offset) < 0n ? 0n : BigInt(p.offset);
    lag += hw > at ? hw - at : 0n;
  }
  return Number(lag);
}

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Reads a topic between two sets of offsets ([from, to) per partition) with a throw-away consumer group. */
export async function readRange(
  client: kafkajs.Kafka,
  topic: string,
  from: Offsets,
  to: Offsets,
  timeoutMs = 30000,
): Promise<ReadMessage[]> {
  return (await readTopicRange(client, topic, from, to, timeoutMs)).map((m) => ({
    ...m,
    value: m.value?.toString() ?? '',
  }));
}

export async function producer(client: kafkajs.Kafka): Promise<Producer> {
  const p = client.producer({ allowAutoTopicCreation: false });
  await p.connect();
  return p;
}

// ---------------------------------------------------------------------------------------------
// Settling: nothing left in flight
// ---------------------------------------------------------------------------------------------

export const ALERTS_TOPIC = 'alerts.alert.v1';
export const CASES_TOPIC = 'cases.case.v1';

/**
 * The system settled: every outbox row published (alerts and cases), and the two consumer groups
 * caught up (cases.intake on alerts.alert.v1, alerts.case-status on cases.case.v1). A committed
 * offset means the handler finished, so every effect of every published event is then applied.
 */
/** Every consumer group of the cases' events: each applies case.opened (alerts' index, scheduling's and notifications' case views). */
const CASE_EVENT_GROUPS = ['alerts.case-status', 'scheduling.case-view', 'notifications.case-view'];

export async function settle(db: pg.Pool, admin: Admin, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let stable = 0;
  // Which services are down is looked up once, when settling gives up, not on every poll.
  const polling = eventually('system settled (outboxes published, consumer lag 0)', timeoutMs, async () => {
    const { rows } = await db.query<{ a: string; c: string }>(
      `SELECT (SELECT count(*) FROM "alerts"."outbox" WHERE "published_at" IS NULL) AS a, (SELECT count(*) FROM "cases"."outbox" WHERE "published_at" IS NULL) AS c`,
    );
    const lagCases = await groupLag(admin, 'cases.intake', ALERTS_TOPIC);
    const lagCaseViews = await Promise.all(CASE_EVENT_GROUPS.map((g) => groupLag(admin, g, CASES_TOPIC)));
    const pending = Number(rows[0].a) + Number(rows[0].c) + lagCases + lagCaseViews.reduce((a, b) => a + b, 0);
    if (pending > 0) {
      stable = 0;
      throw new Error(
        `alerts.outbox unpublished ${rows[0].a}, cases.outbox unpublished ${rows[0].c}, lag cases.intake ${lagCases}, ` +
          CASE_EVENT_GROUPS.map((g, i) => `lag ${g} ${lagCaseViews[i]}`).join(', '),
      );
    }
    // twice in a row, 250 ms apart: between a publish and its consumption, nothing may show as pending for a moment
    if (++stable < 2) {
      throw new Error('settling');
    }
  });
  try {
    await polling;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}${deadServicesReport()}`);
  }
  return Date.now() - started;
}

// ---------------------------------------------------------------------------------------------
// Inputs, load, history
// ---------------------------------------------------------------------------------------------

export interface AlertInput {
  id: string;
  idempotencyKey: string;
  reporter: string;
  body: Record<string, unknown>;
  familyName: string;
  /** Set once the gateway answered 201. */
  alertId?: string;
  caseId?: string;
  openedNewCase?: boolean;
  statuses: number[];
  acceptedAtMs?: number;
}

/** Hands out reporters so that no user exceeds the intake rate limit (20 alerts per user per run). */
export class ReporterPool {
  private n = 0;
  constructor(
    private readonly prefix: string,
    private readonly perUser = 20,
  ) {}
  next(): string {
    return `${this.prefix}-${Math.floor(this.n++ / this.perUser)}`;
  }
}

export function makeInputs(
  scenario: string,
  seed: number,
  count: number,
  rng: Prng,
  opts: { urgent?: boolean; attachShare?: number; alertsPerReporter?: number } = {},
): AlertInput[] {
  const run = `${scenario}-${seed.toString(36)}-${Date.now().toString(36)}`;
  const reporters = new ReporterPool(`fault-${run}`, opts.alertsPerReporter);
  const inputs: AlertInput[] = [];
  const types = ['not-seen', 'deteriorating-at-home', 'imminent-discharge'];
  for (let i = 0; i < count; i++) {
    // Some inputs are a second alert about an earlier input's person: they join its case (alert.attached).
    const earlier = i > 4 && opts.attachShare && rng.chance(opts.attachShare) ? inputs[rng.int(0, i - 4)] : undefined;
    const person = earlier
      ? (earlier.body.person as Record<string, unknown>)
      : uniquePerson({ address: { postalCode: '1090' } });
    const body = alertBody(
      {
        type: types[rng.int(0, types.length - 1)],
        urgency: opts.urgent ? 'urgent' : 'normal',
        reason: `fault test ${run} input ${i}`,
      },
      person,
    );
    inputs.push({
      id: `${run}-${i}`,
      idempotencyKey: `fault-${run}-${i}-${randomUUID().slice(0, 8)}`,
      reporter: reporters.next(),
      body,
      familyName: String(person.familyName),
      statuses: [],
    });
  }
  return inputs;
}

/**
 * Sends one input until the gateway accepts it (201) or `retryForMs` runs out, always with the same
 * Idempotency-Key, like a careful client. Every status seen is recorded (0 = no HTTP answer).
 */
export async function submit(input: AlertInput, retryForMs: number, started = Date.now()): Promise<boolean> {
  const token = await reporterToken(input.reporter);
  const deadline = Date.now() + retryForMs;
  for (let attempt = 0; ; attempt++) {
    const res = await http('POST', '/v1/alerts', token, input.body, { 'Idempotency-Key': input.idempotencyKey });
    input.statuses.push(res.status);
    if (res.status === 201) {
      input.alertId = res.body.alertId;
      input.caseId = res.body.caseId;
      input.openedNewCase = res.body.openedNewCase;
      input.acceptedAtMs = Date.now() - started;
      return true;
    }
    if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
      return false; // a client error is final
    }
    if (Date.now() > deadline) {
      return false;
    }
    // Retry-After on 429 (retries count against the per-user limit too), capped by the deadline.
    const retryAfterMs = res.status === 429 ? Number(res.body?.retryAfterSeconds ?? 1) * 1000 : 0;
    await sleep(
      Math.min(
        Math.max(retryAfterMs, Math.min(2000, 200 * 2 ** Math.min(attempt, 4))),
        Math.max(0, deadline - Date.now()),
      ),
    );
  }
}

/** Sends inputs with a few concurrent clients, paced `paceMs` apart on average (seeded jitter). */
export async function runLoad(
  inputs: AlertInput[],
  opts: { concurrency: number; paceMs: number; rng: Prng; retryForMs: number; started?: number },
): Promise<void> {
  await registerReporters(inputs.map((i) => i.reporter));
  const started = opts.started ?? Date.now();
  const gaps = inputs.map(() => Math.round(opts.paceMs * (0.5 + opts.rng.next())));
  let next = 0;
  let sendAt = Date.now();
  const schedule: number[] = [];
  for (const gap of gaps) {
    schedule.push(sendAt);
    sendAt += gap;
  }
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= inputs.length) {
          return;
        }
        const wait = schedule[i] - Date.now();
        if (wait > 0) {
          await sleep(wait);
        }
        await submit(inputs[i], opts.retryForMs, started);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The checker
// ---------------------------------------------------------------------------------------------

export interface EffectCheck {
  accepted: number;
  lost: number;
  duplicates: number;
  problems: string[];
}

/**
 * For each accepted alert id: exactly one row in alerts.alerts (on the answered case), exactly one
 * alert.raised in alerts.outbox (published), its case exactly once in cases.cases, the alert exactly
 * once in that case's `alerts`, exactly one case.opened or alert.attached naming it in cases.outbox,
 * and its alert.raised event id exactly once in the cases inbox.
 * lost = accepted inputs with any of these missing; duplicates = every count above one, summed.
 */
export async function checkAlertEffects(db: pg.Pool, inputs: AlertInput[]): Promise<EffectCheck> {
  const accepted = inputs.filter((i) => i.alertId);
  const alertIds = accepted.map((i) => i.alertId!);
  const caseIds = [...new Set(accepted.map((i) => i.caseId!))];
  const count = (rows: Array<{ k: string; n: string }>) => new Map(rows.map((r) => [r.k, Number(r.n)]));

  const alertRows = await db.query<{ k: string; case_id: string }>(
    `SELECT "alert_id" AS k, "case_id" FROM "alerts"."alerts" WHERE "alert_id" = ANY($1::uuid[])`,
    [alertIds],
  );
  const alertCase = new Map(alertRows.rows.map((r) => [r.k, r.case_id]));
  const alertCount = count(
    (
      await db.query<{ k: string; n: string }>(
        `SELECT "alert_id"::text AS k, count(*) AS n FROM "alerts"."alerts" WHERE "alert_id" = ANY($1::uuid[]) GROUP BY 1`,
        [alertIds],
      )
    ).rows,
  );
  const raised = await db.query<{ k: string; event_id: string; published: boolean }>(
    `SELECT "envelope"->'data'->>'alertId' AS k, "event_id"::text, "published_at" IS NOT NULL AS published FROM "alerts"."outbox"
     WHERE "envelope"->>'type' = 'alert.raised' AND "envelope"->'data'->>'alertId' = ANY($1::text[])`,
    [alertIds],
  );
  const raisedBy = new Map<string, Array<{ event_id: string; published: boolean }>>();
  for (const r of raised.rows) {
    raisedBy.set(r.k, [...(raisedBy.get(r.k) ?? []), r]);
  }
  const caseCount = count(
    (
      await db.query<{ k: string; n: string }>(
        `SELECT "case_id"::text AS k, count(*) AS n FROM "cases"."cases" WHERE "case_id" = ANY($1::uuid[]) GROUP BY 1`,
        [caseIds],
      )
    ).rows,
  );
  const inCase = await db.query<{ k: string; case_id: string }>(
    `SELECT a->>'alertId' AS k, c."case_id"::text FROM "cases"."cases" c CROSS JOIN LATERAL jsonb_array_elements(c."alerts") a WHERE c."case_id" = ANY($1::uuid[])`,
    [caseIds],
  );
  const inCaseBy = new Map<string, string[]>();
  for (const r of inCase.rows) {
    inCaseBy.set(r.k, [...(inCaseBy.get(r.k) ?? []), r.case_id]);
  }
  const effects = count(
    (
      await db.query<{ k: string; n: string }>(
        `SELECT COALESCE("envelope"->'data'->>'openedByAlertId', "envelope"->'data'->>'alertId') AS k, count(*) AS n FROM "cases"."outbox"
         WHERE "envelope"->>'type' IN ('case.opened','alert.attached') AND COALESCE("envelope"->'data'->>'openedByAlertId', "envelope"->'data'->>'alertId') = ANY($1::text[])
         GROUP BY 1`,
        [alertIds],
      )
    ).rows,
  );
  // case.opened applied by the other services: scheduling's case view and the person's seat at the table, notifications' case view.
  const perCase = async (sql: string) => count((await db.query<{ k: string; n: string }>(sql, [caseIds])).rows);
  const schedulingCaseView = await perCase(
    `SELECT "case_id"::text AS k, count(*) AS n FROM "scheduling"."case_view" WHERE "case_id" = ANY($1::uuid[]) GROUP BY 1`,
  );
  const personSeated = await perCase(
    `SELECT "case_id"::text AS k, count(*) AS n FROM "scheduling"."participants" WHERE "kind" = 'person' AND "case_id" = ANY($1::uuid[]) GROUP BY 1`,
  );
  const notificationsCaseView = await perCase(
    `SELECT "case_id"::text AS k, count(*) AS n FROM "notifications"."case_view" WHERE "case_id" = ANY($1::uuid[]) GROUP BY 1`,
  );
  // Alerts' own projection: its update leaves no trace of its own, its inbox entry for the case.opened event does.
  const alertsCaseStatus = await perCase(
    `SELECT o."envelope"->'data'->>'caseId' AS k, count(i."event_id") AS n FROM "cases"."outbox" o
       JOIN "alerts"."inbox" i ON i."event_id" = o."event_id"
      WHERE o."envelope"->>'type' = 'case.opened' AND o."envelope"->'data'->>'caseId' = ANY($1::text[]) GROUP BY 1`,
  );
  const eventIds = raised.rows.map((r) => r.event_id);
  const inbox = count(
    (
      await db.query<{ k: string; n: string }>(
        `SELECT "event_id"::text AS k, count(*) AS n FROM "cases"."inbox" WHERE "event_id" = ANY($1::uuid[]) GROUP BY 1`,
        [eventIds],
      )
    ).rows,
  );

  let lost = 0;
  let duplicates = 0;
  const problems: string[] = [];
  for (const input of accepted) {
    const a = input.alertId!;
    const c = input.caseId!;
    const events = raisedBy.get(a) ?? [];
    const facts = {
      alertRow: alertCount.get(a) ?? 0,
      alertOnCase: alertCase.get(a) === c ? 1 : 0,
      raisedEvent: events.length,
      raisedPublished: events.filter((e) => e.published).length,
      caseRow: caseCount.get(c) ?? 0,
      inCaseAlerts: (inCaseBy.get(a) ?? []).length,
      inRightCase: (inCaseBy.get(a) ?? []).filter((x) => x === c).length,
      caseEvent: effects.get(a) ?? 0,
      inbox: events.reduce((n, e) => n + (inbox.get(e.event_id) ?? 0), 0),
      schedulingCaseView: schedulingCaseView.get(c) ?? 0,
      personSeated: personSeated.get(c) ?? 0,
      notificationsCaseView: notificationsCaseView.get(c) ?? 0,
      alertsCaseStatus: alertsCaseStatus.get(c) ?? 0,
    };
    const missing = Object.entries(facts).filter(([, n]) => n === 0);
    const extra = Object.entries(facts).filter(([k, n]) => n > 1 && k !== 'caseRow');
    if (missing.length > 0) {
      lost++;
      problems.push(`LOST ${input.id} alert ${a} case ${c}: missing ${missing.map(([k]) => k).join(', ')}`);
    }
    if (extra.length > 0) {
      duplicates += extra.reduce((n, [, v]) => n + v - 1, 0);
      problems.push(`DUPLICATE ${input.id} alert ${a} case ${c}: ${extra.map(([k, v]) => `${k}=${v}`).join(', ')}`);
    }
  }
  // An input answered 201 more than once (replays) must name the same alert: checked by submit() keeping the first.
  return { accepted: accepted.length, lost, duplicates, problems };
}

export interface PartialWriteCheck {
  partial: number;
  duplicates: number;
  committedUnanswered: number;
  problems: string[];
}

/**
 * Inputs never answered 201 may or may not have been committed (the answer can be lost after the
 * commit), but never twice and never partly: per person (unique family name) either nothing, or a
 * person, one alert, its case index and its alert.raised, all together.
 */
/** The personal-data keyring of the stack under test (generated by stack.sh into stack.env). */
function stackVaultCipher(): FieldCipher {
  const env = readFileSync(join(STACK_DIR, 'stack.env'), 'utf8');
  const line = env.split('\n').find((l) => l.startsWith('PERSON_VAULT_KEY='));
  return personVaultCipher({ PERSON_VAULT_KEY: line?.slice('PERSON_VAULT_KEY='.length).trim() });
}

async function checkNoPartialWrites(db: pg.Pool, inputs: AlertInput[]): Promise<PartialWriteCheck> {
  const names = new Set(inputs.map((i) => i.familyName));
  // The vault's names are encrypted: rows are read per person, decrypted with the stack's key
  // (stack.env), then grouped by name here.
  const cipher = stackVaultCipher();
  const { rows: perPerson } = await db.query<{
    person_ref: string;
    family_name: string;
    vault_key_id: string | null;
    alerts: string;
    indexed: string;
    raised: string;
  }>(
    `SELECT p."person_ref", p."family_name", p."vault_key_id",
            count(DISTINCT a."alert_id") AS alerts,
            count(DISTINCT ci."case_id") AS indexed,
            count(DISTINCT o."event_id") AS raised
       FROM "alerts"."persons" p
       LEFT JOIN "alerts"."alerts" a ON a."person_ref" = p."person_ref"
       LEFT JOIN "alerts"."case_index" ci ON ci."case_id" = a."case_id"
       LEFT JOIN "alerts"."outbox" o ON o."envelope"->>'type' = 'alert.raised' AND o."envelope"->'data'->>'alertId' = a."alert_id"::text
      GROUP BY p."person_ref", p."family_name", p."vault_key_id"`,
  );
  const byName = new Map<
    string,
    { family_name: string; persons: number; alerts: number; indexed: number; raised: number }
  >();
  for (const r of perPerson) {
    const familyName =
      r.vault_key_id === null
        ? r.family_name
        : cipher.decrypt(r.family_name, `alerts.persons.family_name/${r.person_ref}`);
    if (!names.has(familyName)) {
      continue;
    }
    const row = byName.get(familyName) ?? { family_name: familyName, persons: 0, alerts: 0, indexed: 0, raised: 0 };
    row.persons += 1;
    row.alerts += Number(r.alerts);
    row.indexed += Number(r.indexed);
    row.raised += Number(r.raised);
    byName.set(familyName, row);
  }
  const rows = [...byName.values()];
  const expectedAlerts = new Map<string, number>();
  for (const i of inputs) {
    expectedAlerts.set(i.familyName, (expectedAlerts.get(i.familyName) ?? 0) + 1);
  }
  let partial = 0;
  let duplicates = 0;
  const problems: string[] = [];
  for (const r of rows) {
    const persons = Number(r.persons);
    const alerts = Number(r.alerts);
    const indexed = Number(r.indexed);
    const raised = Number(r.raised);
    if (persons > 1) {
      duplicates += persons - 1;
      problems.push(`DUPLICATE person ${r.family_name}: ${persons} vault rows`);
    }
    if (alerts === 0 || indexed === 0 || raised !== alerts) {
      partial++;
      problems.push(
        `PARTIAL ${r.family_name}: persons=${persons} alerts=${alerts} caseIndex=${indexed} alert.raised=${raised}`,
      );
    }
    const max = expectedAlerts.get(r.family_name) ?? 0;
    if (alerts > max) {
      duplicates += alerts - max;
      problems.push(`DUPLICATE ${r.family_name}: ${alerts} alerts for ${max} input(s)`);
    }
  }
  const answered = new Set(inputs.filter((i) => i.alertId).map((i) => i.familyName));
  const committedUnanswered = rows.filter((r) => !answered.has(r.family_name)).length;
  return { partial, duplicates, committedUnanswered, problems };
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

export interface Summary {
  scenario: string;
  seed: number;
  inputs: number;
  accepted: number;
  lost: number;
  duplicates: number;
  ms: number;
  extra?: Record<string, unknown>;
}

export function summary(s: Summary): void {
  const extra = Object.entries(s.extra ?? {})
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const line = `SUMMARY ${s.scenario} seed=${s.seed} inputs=${s.inputs} accepted=${s.accepted} lost=${s.lost} duplicates=${s.duplicates} time=${(s.ms / 1000).toFixed(1)}s${extra ? ` ${extra}` : ''}`;
  log(line);
  try {
    mkdirSync(join(STACK_DIR, 'logs'), { recursive: true });
    appendFileSync(SUMMARY_FILE, `${new Date().toISOString()} ${line}\n`);
  } catch {
    // best effort
  }
}

export function histogram(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    out[String(v)] = (out[String(v)] ?? 0) + 1;
  }
  return out;
}

export function printProblems(problems: string[]): void {
  for (const p of problems.slice(0, 20)) {
    log(`  ${p}`);
  }
  if (problems.length > 20) {
    log(`  ... and ${problems.length - 20} more`);
  }
}

export interface ExactlyOnceReport {
  scenario: string;
  seed: number;
  /** When the scenario started (Date.now()), for the summary's time. */
  started: number;
  /** Scenario-specific facts for the summary line; a function gets the partial-write check. */
  extra?: Record<string, unknown> | ((partial: PartialWriteCheck) => Record<string, unknown>);
  /** Scenario-specific findings: printed with the checkers', and expected to be empty too. */
  problems?: string[];
  /** Scenario-specific duplicates (e.g. differing answers to one request), added to the summary's count. */
  extraDuplicates?: number;
}

/**
 * The common ending of a fault scenario: every input was accepted and had each of its effects
 * exactly once (checkAlertEffects), no write was left half-done or repeated (checkNoPartialWrites),
 * and the scenario's own problems are none. Writes the summary line and the problems first, so a
 * failed run says what went wrong before the assertion does.
 */
export async function expectExactlyOnce(db: pg.Pool, inputs: AlertInput[], report: ExactlyOnceReport): Promise<void> {
  const check = await checkAlertEffects(db, inputs);
  const partial = await checkNoPartialWrites(db, inputs);
  const problems = report.problems ?? [];
  summary({
    scenario: report.scenario,
    seed: report.seed,
    inputs: inputs.length,
    accepted: check.accepted,
    lost: check.lost,
    duplicates: check.duplicates + partial.duplicates + (report.extraDuplicates ?? 0),
    ms: Date.now() - report.started,
    extra: typeof report.extra === 'function' ? report.extra(partial) : report.extra,
  });
  printProblems([...problems, ...check.problems, ...partial.problems]);
  expect(problems).toEqual([]);
  expect(check.accepted).toBe(inputs.length);
  expect(check.lost).toBe(0);
  expect(check.duplicates).toBe(0);
  expect(partial.duplicates).toBe(0);
  expect(partial.partial).toBe(0);
}

// ---------------------------------------------------------------------------------------------
// Scenario scaffolding
// ---------------------------------------------------------------------------------------------

export interface FaultContext {
  db: pg.Pool;
  kafka: kafkajs.Kafka;
  admin: Admin;
}

/** Opens the clients a scenario needs, after checking (and if needed restoring) the stack. */
async function openContext(): Promise<FaultContext> {
  if (!(await ready())) {
    log('stack not ready before the scenario: restoring it');
    await restoreStack();
  }
  const db = database();
  const client = kafka();
  const admin = client.admin();
  await admin.connect();
  return { db, kafka: client, admin };
}

async function closeContext(ctx: FaultContext | undefined): Promise<void> {
  await ctx?.admin.disconnect().catch(() => undefined);
  await ctx?.db.end().catch(() => undefined);
}

/**
 * A scenario's clients, opened before its first seed and closed after its last one, when the
 * stack is also put back as it was (every server and service up). Call inside describe().
 */
export function useFaultContext(): () => FaultContext {
  let ctx: FaultContext | undefined;
  beforeAll(async () => {
    ctx = await openContext();
  });
  afterAll(async () => {
    await closeContext(ctx);
    await restoreStack();
  });
  return () => {
    if (!ctx) {
      throw new Error('the fault context is not open (its beforeAll failed)');
    }
    return ctx;
  };
}
