#!/usr/bin/env node
// Pipeline benchmark (issue #3 point 6, quality bar §7a P3/P4), on the local distributed stack.
//
//   ALERT_RATE_LIMIT_PER_MINUTE=1000000 WRITE_RATE_LIMIT_PER_MINUTE=1000000 npm run stack:up && npm run -s bench:pipeline > report.md
//   npm run -s bench:pipeline -- --start [--no-build] [--stop]   start the stack first (with that limit), stop it at the end
//   npm run -s bench:pipeline -- --rounds 5 --duration 30 --low-load-duration 60 --relay-rows 50000   the quality bar's length
// Options: --rounds 3 --duration 4 --low-load-duration 20 --low-load-fraction 0.1 --steps 1,2,4,8,16 --relay-rows 10000
//          --message-bytes 300 --pg-clients 10 --user pro-pharmacist --json FILE --report-from FILE --no-bare
//          --bare-node-args="--cpu-prof --cpu-prof-dir=DIR". Method and results: docs/benchmarks.md.
//
// In ONE run, against the SAME broker and database as the engine, each round measures:
//   B-kafka   raw kafkajs producer (acks=-1, sendBatch of 100, ~300 B JSON) -> raw consumer (eachBatch no-op, own thread)
//   B-pg-tx   the intake write reproduced raw (INSERT alert-like row + INSERT outbox-like row in one tx), 10 clients
//             (pgbench when it is installed, as the quality bar says; node-pg as well, for reference)
//   P3        the engine's outbox relay (alerts service) draining K rows written straight into alerts.outbox
//   P4        POST /v1/alerts through the gateway at 1..16 concurrent clients, then open-loop at 10 % of the max:
//             time until the case exists (cases.cases) and until case.opened is consumed by every running consumer
//             service (alerts, and scheduling / notifications when the stack runs them: their <schema>.inbox)
//   B-pipeline the same write set by hand (bench/pipeline/bare: raw pg, raw kafkajs, bare node:http, one process per
//             step), started for the run: the same closed-loop and 10 % steps; P4 = engine ÷ B-pipeline (≥ 0.5), with
//             the CPU ms per alert of every process of both pipelines
// Each figure is the median over the rounds. Progress goes to stderr; the markdown report goes to stdout.
// Plain Node ESM, no build step. It talks to the stack found by deploy/local/{infra,stack}.sh env, so STACK_DIR and
// the port variables (KAFKA_PORT, PG_PORT, STACK_GATEWAY_PORT, ...) select which stack is measured.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { BARE_CASE_CONSUMERS, BareStack } from './bare/stack.mjs';

const { Kafka, logLevel } = kafkajs;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const now = () => performance.timeOrigin + performance.now(); // wall-clock ms with sub-ms resolution
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Pause before each measured phase: the previous phase's connections close and its backlog settles. */
const SETTLE_MS = 1000;
const log = (...a) => process.stderr.write(`[bench] ${a.join(' ')}\n`);
/** An expected failure with advice for the user: printed without a stack trace. */
class BenchError extends Error {}

// ---------------------------------------------------------------------------------------------
// options and environment

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string', default: '4' }, // seconds per closed-loop step and per raw baseline
      'low-load-duration': { type: 'string', default: '20' }, // seconds of the open-loop step at 10 % load
      'low-load-fraction': { type: 'string', default: '0.1' },
      steps: { type: 'string', default: '1,2,4,8,16' },
      'relay-rows': { type: 'string', default: '10000' },
      'message-bytes': { type: 'string', default: '300' },
      'pg-clients': { type: 'string', default: '10' },
      user: { type: 'string', default: 'pro-pharmacist' },
      json: { type: 'string' },
      'report-from': { type: 'string' },
      start: { type: 'boolean', default: false },
      stop: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'no-bare': { type: 'boolean', default: false },
      'bare-node-args': { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    const lines = fs
      .readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('\n')
      .slice(1);
    const header = lines.slice(
      0,
      lines.findIndex((l) => !l.startsWith('//')),
    );
    process.stdout.write(header.map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
    process.exit(0);
  }
  return {
    rounds: Math.max(1, Number(values.rounds)),
    durationMs: Number(values.duration) * 1000,
    lowLoadMs: Number(values['low-load-duration']) * 1000,
    lowLoadFraction: Number(values['low-load-fraction']),
    steps: values.steps
      .split(',')
      .map(Number)
      .filter((n) => n > 0),
    relayRows: Number(values['relay-rows']),
    messageBytes: Number(values['message-bytes']),
    pgClients: Number(values['pg-clients']),
    user: values.user,
    json: values.json,
    reportFrom: values['report-from'],
    start: values.start,
    stop: values.stop,
    noBuild: values['no-build'],
    bare: !values['no-bare'],
    bareNodeArgs: values['bare-node-args'].split(' ').filter(Boolean),
  };
}

/** `export A=1 B=2` lines of infra.sh env / stack.sh env. */
function scriptEnv(script) {
  const out = execFileSync(path.join(REPO, 'deploy/local', script), ['env'], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const env = {};
  for (const line of out.split('\n')) {
    if (!line.startsWith('export ')) {
      continue;
    }
    for (const m of line.slice(7).matchAll(/(\w+)=(\S+)/g)) {
      env[m[1]] = m[2];
    }
  }
  return env;
}

function stackDir() {
  const d = process.env.STACK_DIR || path.join(REPO, '.stack');
  return path.isAbsolute(d) ? d : path.resolve(d);
}

// ---------------------------------------------------------------------------------------------
// statistics

function pct(sorted, p) {
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
function summary(values) {
  const s = Float64Array.from(values).sort();
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s.length ? s[s.length - 1] : NaN };
}
function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) {
    return NaN;
  }
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const fmtRate = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '–');

// ---------------------------------------------------------------------------------------------
// CPU per process, from /proc (no pidstat needed)

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function procStat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), self: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

function readPid(file) {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0].trim());
    return pid > 0 && procStat(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

const SERVICES = ['gateway', 'alerts', 'cases', 'directory', 'scheduling', 'notifications'];
/** Services that consume cases.case.v1 through their inbox (consumer name = service name = schema). */
const CASE_EVENT_CONSUMERS = ['alerts', 'scheduling', 'notifications'];

/** The processes whose CPU is reported: the four services, PostgreSQL (postmaster + backends), Kafka, Redis, this bench. */
function processGroups(dir) {
  const g = {};
  for (const svc of SERVICES) {
    g[svc] = readPid(path.join(dir, 'run', `${svc}.pid`));
  }
  g.postgres = readPid(path.join(dir, 'postgres/data/postmaster.pid'));
  g.kafka = readPid(path.join(dir, 'kafka/kafka.pid'));
  g.redis = readPid(path.join(dir, 'redis/redis.pid'));
  g.bench = process.pid;
  return g;
}

function cpuTicks(groups) {
  const t = {};
  let pgChildren = 0;
  const pm = groups.postgres;
  if (pm) {
    for (const e of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) {
        continue;
      }
      const st = procStat(e);
      if (st && st.ppid === pm) {
        pgChildren += st.self;
      }
    }
  }
  for (const [name, pid] of Object.entries(groups)) {
    const st = pid ? procStat(pid) : undefined;
    if (!st) {
      continue;
    }
    // Exited children (pgbench for the bench, short-lived backends for PostgreSQL) are counted once reaped.
    t[name] = st.self + st.children + (name === 'postgres' ? pgChildren : 0);
  }
  return { at: now(), t };
}

/** % of one core per process group between two samples. */
function cpuShare(a, b) {
  const secs = (b.at - a.at) / 1000;
  const out = {};
  for (const k of Object.keys(b.t)) {
    if (a.t[k] !== undefined) {
      out[k] = ((b.t[k] - a.t[k]) / CLK_TCK / secs) * 100;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// B-kafka consumer, in its own thread (its own event loop, as a consuming service would have)

async function consumerThread({ brokers, topics, groupId, partitions }) {
  const kafka = new Kafka({ clientId: 'bench-consumer', brokers, logLevel: logLevel.NOTHING });
  // Same consumer settings as the engine's KafkaTransport.
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    heartbeatInterval: 3000,
    maxWaitTimeInMs: 250,
    allowAutoTopicCreation: false,
  });
  const stats = Object.fromEntries(topics.map((t) => [t, { count: 0, first: 0, last: 0, lat: [] }]));
  consumer.on(consumer.events.GROUP_JOIN, () => parentPort.postMessage({ ev: 'joined' }));
  parentPort.on('message', async (msg) => {
    if (msg.cmd === 'report') {
      const s = stats[msg.topic];
      parentPort.postMessage({
        ev: 'report',
        id: msg.id,
        count: s.count,
        first: s.first,
        last: s.last,
        lat: msg.withLatencies ? s.lat : [],
      });
    } else if (msg.cmd === 'stop') {
      await consumer.disconnect().catch(() => undefined);
      parentPort.postMessage({ ev: 'stopped' });
    }
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: partitions,
    // "No-op": only counts, and reads the producer timestamp for the latency.
    eachBatch: async ({ batch }) => {
      const t = Date.now();
      const s = stats[batch.topic];
      if (s.count === 0) {
        s.first = t;
      }
      s.count += batch.messages.length;
      s.last = t;
      for (const m of batch.messages) {
        s.lat.push(t - Number(m.timestamp));
      }
    },
  });
}

class ConsumerHandle {
  constructor(opts) {
    this.worker = new Worker(fileURLToPath(import.meta.url), { workerData: opts });
    this.pending = new Map();
    this.joined = new Promise((resolve, reject) => {
      this.worker.on('error', reject);
      this.worker.on('message', (m) => {
        if (m.ev === 'joined') {
          resolve();
        } else if (m.ev === 'report') {
          this.pending.get(m.id)?.(m);
        } else if (m.ev === 'stopped') {
          this.onStopped?.();
        }
      });
    });
  }
  report(topic, withLatencies = false) {
    const id = randomUUID();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ cmd: 'report', id, topic, withLatencies });
    });
  }
  async stop() {
    await new Promise((resolve) => {
      this.onStopped = resolve;
      this.worker.postMessage({ cmd: 'stop' });
      setTimeout(resolve, 15000);
    });
    await this.worker.terminate();
  }
}

// ---------------------------------------------------------------------------------------------
// B-kafka

function rawMessages(n, bytes, seq) {
  const base = { id: randomUUID(), type: 'bench.raw', subject: randomUUID(), seq: 0, pad: '' };
  const pad = Math.max(0, bytes - JSON.stringify(base).length - 8);
  const messages = [];
  const ts = String(Date.now());
  for (let i = 0; i < n; i++) {
    const value = JSON.stringify({
      id: randomUUID(),
      type: 'bench.raw',
      subject: randomUUID(),
      seq: seq + i,
      pad: 'x'.repeat(pad),
    });
    messages.push({ key: randomUUID(), value, timestamp: ts });
  }
  return messages;
}

async function createTopics(admin, topics, partitions) {
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
  });
}

async function benchKafka(ctx, round) {
  const { admin, partitions, opt } = ctx;
  const tag = `${ctx.runTag}.r${round}`;
  const produceTopic = `bench.pipeline.produce.${tag}`;
  const e2eTopic = `bench.pipeline.e2e.${tag}`;
  const latTopic = `bench.pipeline.lat.${tag}`;
  await createTopics(admin, [produceTopic, e2eTopic, latTopic], partitions);
  ctx.createdTopics.push(produceTopic, e2eTopic, latTopic);
  const producer = ctx.rawProducer;

  // 1. produce-only: one sendBatch of 100 in flight at a time, acks = -1.
  let sent = 0;
  await sleep(SETTLE_MS);
  const c0 = cpuTicks(ctx.groups);
  const t0 = now();
  while (now() - t0 < opt.durationMs) {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [{ topic: produceTopic, messages: rawMessages(100, opt.messageBytes, sent) }],
    });
    sent += 100;
  }
  const produceRate = sent / ((now() - t0) / 1000);
  const produceCpu = cpuShare(c0, cpuTicks(ctx.groups));

  // 2. end-to-end at full speed, consumer in its own thread.
  const consumer = new ConsumerHandle({
    brokers: ctx.brokers,
    topics: [e2eTopic, latTopic],
    groupId: `bench.pipeline.${tag}`,
    partitions,
  });
  await Promise.race([
    consumer.joined,
    sleep(30000).then(() => Promise.reject(new Error('bench consumer did not join its group in 30 s'))),
  ]);
  // One batch end to end first, so that the consumer has fetched once (offsets resolved, code warm).
  await producer.sendBatch({
    acks: -1,
    topicMessages: [{ topic: e2eTopic, messages: rawMessages(100, opt.messageBytes, 0) }],
  });
  let rep;
  const warmDeadline = now() + 30000;
  do {
    await sleep(20);
    rep = await consumer.report(e2eTopic);
  } while (rep.count < 100 && now() < warmDeadline);
  const warmCount = rep.count;
  let produced = 0;
  const t1 = now();
  const t1Wall = Date.now();
  while (now() - t1 < opt.durationMs) {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [{ topic: e2eTopic, messages: rawMessages(100, opt.messageBytes, produced) }],
    });
    produced += 100;
  }
  const deadline = now() + 60000;
  do {
    await sleep(50);
    rep = await consumer.report(e2eTopic);
  } while (rep.count - warmCount < produced && now() < deadline);
  const e2eRate = (rep.count - warmCount) / ((rep.last - t1Wall) / 1000);
  const e2eConsumed = rep.count - warmCount;

  // 3. e2e latency at 10 % of that rate, open loop (a batch of 100 every 100/rate s).
  const lowRate = e2eRate * opt.lowLoadFraction;
  const interval = (100 / lowRate) * 1000;
  let latSent = 0;
  const inflight = [];
  const t2 = now();
  for (let i = 0; ; i++) {
    const due = t2 + i * interval;
    if (due - t2 >= opt.durationMs) {
      break;
    }
    const wait = due - now();
    if (wait > 0) {
      await sleep(wait);
    }
    inflight.push(
      producer.sendBatch({
        acks: -1,
        topicMessages: [{ topic: latTopic, messages: rawMessages(100, opt.messageBytes, latSent) }],
      }),
    );
    latSent += 100;
  }
  await Promise.all(inflight);
  const deadline2 = now() + 30000;
  do {
    await sleep(50);
    rep = await consumer.report(latTopic);
  } while (rep.count < latSent && now() < deadline2);
  const latRep = await consumer.report(latTopic, true);
  await consumer.stop();
  const lat = summary(latRep.lat);
  return {
    produceRate,
    e2eRate,
    e2eConsumed,
    e2eProduced: produced,
    lowRate,
    latP50: lat.p50,
    latP99: lat.p99,
    latN: lat.n,
    produceCpu,
  };
}

// ---------------------------------------------------------------------------------------------
// B-pg-tx: INSERT alert-like row + INSERT outbox-like row in one transaction, on a scratch schema

const SCRATCH = 'bench_pipeline';

async function setupScratch(db) {
  await db.query(`DROP SCHEMA IF EXISTS ${SCRATCH} CASCADE`);
  await db.query(`CREATE SCHEMA ${SCRATCH}`);
  // Same columns and indexes as alerts.alerts and alerts.outbox.
  await db.query(`CREATE TABLE ${SCRATCH}.alerts (
    alert_id uuid PRIMARY KEY, case_id uuid NOT NULL, person_ref uuid NOT NULL, reporter_id varchar(64) NOT NULL,
    type varchar(32) NOT NULL, requested_urgency varchar(16) NOT NULL, urgency varchar(16) NOT NULL, reason varchar(280),
    deadline timestamptz, bassin_id varchar(32) NOT NULL, routing_reason varchar(32) NOT NULL, opened_case boolean NOT NULL,
    raised_at timestamptz NOT NULL)`);
  await db.query(`CREATE INDEX ON ${SCRATCH}.alerts (case_id)`);
  await db.query(`CREATE TABLE ${SCRATCH}.outbox (
    seq bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, topic varchar(128) NOT NULL, message_key varchar(128) NOT NULL,
    envelope jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), claimed_until timestamptz, published_at timestamptz,
    attempts integer NOT NULL DEFAULT 0)`);
  await db.query(`CREATE INDEX ON ${SCRATCH}.outbox (seq) WHERE published_at IS NULL`);
}

/** An alert.raised-sized envelope (~900 B, like the real ones). */
function alertEnvelopeJson() {
  const caseId = randomUUID();
  return JSON.stringify({
    specversion: '1.0',
    id: randomUUID(),
    source: '/concerto/alerts',
    type: 'alert.raised',
    subject: caseId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: 'https://concerto.brussels/schemas/alerts/alert-raised/v1.json',
    eventversion: 1,
    correlationid: randomUUID(),
    data: {
      alertId: randomUUID(),
      caseId,
      opensCase: true,
      personRef: randomUUID(),
      type: 'imminent-discharge',
      urgency: 'normal',
      bassinId: 'nord-est',
      routingReason: 'postal-code',
      bassinNeedsConfirmation: false,
      reporterId: 'pro-pharmacist',
      escalationChain: {
        coordinatorId: 'coord-nord-est',
        backupId: 'backup-nord-est',
        leadId: 'lead-nord-est',
        onDuty: ['coord-nord-est'],
      },
      raisedAt: new Date().toISOString(),
    },
  });
}

function findPgbench() {
  const candidates = [];
  if (process.env.PGBIN) {
    candidates.push(path.join(process.env.PGBIN, 'pgbench'));
  }
  try {
    for (const v of fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))) {
      candidates.push(`/usr/lib/postgresql/${v}/bin/pgbench`);
    }
  } catch {
    /* none */
  }
  candidates.push('/usr/bin/pgbench');
  return candidates.find((c) => fs.existsSync(c));
}

async function benchPgbench(ctx) {
  const { opt, infra } = ctx;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pgbench-'));
  try {
    const script = [
      'BEGIN;',
      `INSERT INTO ${SCRATCH}.alerts (alert_id, case_id, person_ref, reporter_id, type, requested_urgency, urgency, reason, deadline, bassin_id, routing_reason, opened_case, raised_at) VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'pro-pharmacist', 'imminent-discharge', 'normal', 'normal', NULL, NULL, 'nord-est', 'postal-code', true, now());`,
      `INSERT INTO ${SCRATCH}.outbox (event_id, topic, message_key, envelope) VALUES (gen_random_uuid(), 'alerts.alert.v1', gen_random_uuid()::text, :envelope::jsonb);`,
      'END;',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'intake.sql'), script);
    // The envelope is a bound parameter (-D variable, extended protocol), as the engine's INSERT sends it.
    const args = [
      '-n',
      '-M',
      'extended',
      '-D',
      `envelope=${alertEnvelopeJson()}`,
      '-c',
      String(opt.pgClients),
      '-j',
      String(Math.min(opt.pgClients, os.cpus().length)),
      '-T',
      String(Math.round(opt.durationMs / 1000)),
      '-f',
      path.join(dir, 'intake.sql'),
      '-l',
      `--log-prefix=${path.join(dir, 'tx')}`,
      '-h',
      infra.PGHOST,
      '-p',
      infra.PGPORT,
      '-U',
      infra.PGUSER,
      infra.PGDATABASE,
    ];
    const out = await new Promise((resolve, reject) => {
      const p = spawn(ctx.pgbench, args, {
        env: { ...process.env, PGPASSWORD: infra.PGPASSWORD },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      p.stdout.on('data', (d) => (text += d));
      p.stderr.on('data', (d) => (text += d));
      p.on('error', reject);
      p.on('close', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}: ${text.slice(-800)}`)),
      );
    });
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
    const lat = [];
    for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('tx'))) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const cols = line.split(' ');
        if (cols.length >= 6) {
          lat.push(Number(cols[2]) / 1000);
        }
      }
    }
    const s = summary(lat);
    return { tps, p50: s.p50, p99: s.p99, n: s.n };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPgNode(ctx) {
  const { opt } = ctx;
  const pool = new pg.Pool({ connectionString: ctx.infra.DATABASE_URL, max: opt.pgClients });
  try {
    const clients = await Promise.all(Array.from({ length: opt.pgClients }, () => pool.connect()));
    clients.forEach((c) => c.release());
    const lat = [];
    let count = 0;
    const t0 = now();
    const worker = async () => {
      while (now() - t0 < opt.durationMs) {
        const s = now();
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query(
            `INSERT INTO ${SCRATCH}.alerts (alert_id, case_id, person_ref, reporter_id, type, requested_urgency, urgency, reason, deadline, bassin_id, routing_reason, opened_case, raised_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
            [
              randomUUID(),
              randomUUID(),
              randomUUID(),
              'pro-pharmacist',
              'imminent-discharge',
              'normal',
              'normal',
              null,
              null,
              'nord-est',
              'postal-code',
              true,
              new Date(),
            ],
          );
          await c.query(`INSERT INTO ${SCRATCH}.outbox (event_id, topic, message_key, envelope) VALUES ($1,$2,$3,$4)`, [
            randomUUID(),
            'alerts.alert.v1',
            randomUUID(),
            alertEnvelopeJson(),
          ]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
        lat.push(now() - s);
        count++;
      }
    };
    await Promise.all(Array.from({ length: opt.pgClients }, worker));
    const s = summary(lat);
    return { tps: count / ((now() - t0) / 1000), p50: s.p50, p99: s.p99, n: s.n };
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------------
// P3: the engine's outbox relay (alerts service) drains K rows written straight into alerts.outbox

// The relay topic is created once and NEVER deleted: once the engine's kafkajs producer has sent to a
// topic, deleting that topic makes every later metadata refresh fail, and the alerts service can no
// longer publish anything until it restarts (kafkajs 2.2.4, tulios/kafkajs#1622). Retention 1 h.
const RELAY_TOPIC = 'bench.pipeline.relay';

async function benchRelay(ctx) {
  const { db, opt } = ctx;
  const topic = ctx.relayTopic;
  // A valid CloudEvents envelope (the relay reads id, type, correlationid from it), padded to the B-kafka message size.
  const probe = {
    specversion: '1.0',
    id: randomUUID(),
    source: '/concerto/bench',
    type: 'bench.relay-probe',
    subject: randomUUID(),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: 'https://concerto.brussels/schemas/bench/v1.json',
    eventversion: 1,
    correlationid: 'bench-0000000',
    data: { pad: '' },
  };
  const pad = Math.max(0, opt.messageBytes - JSON.stringify(probe).length);
  await sleep(SETTLE_MS);
  const c0 = cpuTicks(ctx.groups);
  const ins = await db.query(
    `WITH u AS (SELECT gen_random_uuid() AS id, g FROM generate_series(1, $2::int) g)
     INSERT INTO alerts.outbox (event_id, topic, message_key, envelope)
     SELECT u.id, $1, gen_random_uuid()::text, jsonb_build_object('specversion','1.0','id',u.id,'source','/concerto/bench','type','bench.relay-probe',
       'subject',gen_random_uuid(),'time',now(),'datacontenttype','application/json','dataschema','https://concerto.brussels/schemas/bench/v1.json',
       'eventversion',1,'correlationid','bench-'||lpad(u.g::text,7,'0'),'data',jsonb_build_object('pad',repeat('x',$3::int)))
     FROM u
     RETURNING seq`,
    [topic, opt.relayRows, pad],
  );
  const minSeq = Math.min(...ins.rows.map((r) => Number(r.seq)));
  const deadline = now() + 180000;
  for (;;) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM alerts.outbox WHERE published_at IS NULL AND topic = $1`,
      [topic],
    );
    if (rows[0].n === 0) {
      break;
    }
    if (now() > deadline) {
      throw new Error(
        `outbox relay did not drain ${opt.relayRows} rows in 180 s (${rows[0].n} left): is the alerts service running?`,
      );
    }
    await sleep(100);
  }
  const cpu = cpuShare(c0, cpuTicks(ctx.groups));
  const { rows } = await db.query(
    `WITH o AS (SELECT * FROM alerts.outbox WHERE topic = $1 AND seq >= $2)
     SELECT extract(epoch FROM max(published_at))*1000 AS last_mark, extract(epoch FROM min(published_at))*1000 AS first_mark,
            (SELECT count(*)::int FROM o WHERE published_at = (SELECT min(published_at) FROM o)) AS first_batch,
            count(*)::int AS n, avg(octet_length(envelope::text))::int AS bytes
     FROM o`,
    [topic, minSeq],
  );
  const r = rows[0];
  // Each mark's published_at is its transaction's now(), taken right after its batch was published.
  // From the first mark to the last, every batch but the first was claimed and published: the
  // relay's rate with no polling delay in it (the rows were inserted without nudging the relay).
  const rate = (r.n - r.first_batch) / ((Number(r.last_mark) - Number(r.first_mark)) / 1000);
  await db.query(`DELETE FROM alerts.outbox WHERE topic = $1`, [topic]);
  return { rate, rows: r.n, bytes: r.bytes, cpu };
}

// ---------------------------------------------------------------------------------------------
// P4: alerts through the gateway; time to case opened and to case.opened consumed by the consumer services

const TYPES = [
  'imminent-discharge',
  'fragile-admission',
  'not-seen',
  'deteriorating-at-home',
  'loss-of-rights',
  'prison-release',
];

function letters(n, len) {
  let s = '';
  for (let i = 0; i < len; i++) {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

class AlertClient {
  constructor(ctx, baseUrl) {
    this.url = new URL('/v1/alerts', baseUrl);
    this.token = ctx.token;
    this.runTag = ctx.runTag;
    this.postalCodes = ctx.postalCodes;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    this.n = 0;
  }
  /** One alert about a new, distinct person; resolves with the send/response times and the case id. */
  post(sentAt = now()) {
    const n = this.n++;
    const body = JSON.stringify({
      type: TYPES[n % TYPES.length],
      urgency: 'normal',
      person: {
        givenName: `Bench${this.runTag}`,
        familyName: `P${letters(n, 6)}`,
        birthDate: `${1930 + (n % 70)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`,
        address: { postalCode: this.postalCodes[n % this.postalCodes.length] },
      },
      reason: 'Benchmark alert (bench/pipeline): synthetic person.',
    });
    return new Promise((resolve) => {
      const req = http.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'idempotency-key': `bench-${this.runTag}-${n}`,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => {
            let caseId;
            if (res.statusCode === 201) {
              try {
                caseId = JSON.parse(text).caseId;
              } catch {
                /* counted as an error below */
              }
            }
            resolve({
              status: res.statusCode,
              caseId,
              sentAt,
              respAt: now(),
              error: res.statusCode === 201 ? undefined : text.slice(0, 200),
            });
          });
        },
      );
      req.on('error', (e) => resolve({ status: 0, sentAt, respAt: now(), error: String(e) }));
      req.end(body);
    });
  }
}

/** Polls cases.cases (by primary key) for the cases still awaited: "the case exists", as a reader sees it. */
class CaseWatcher {
  constructor(db, table, intervalMs = 10) {
    this.db = db;
    this.table = table;
    this.intervalMs = intervalMs;
    this.pending = new Map();
    this.running = true;
    this.loop = this.run();
  }
  watch(rec) {
    this.pending.set(rec.caseId, rec);
  }
  async run() {
    while (this.running) {
      if (this.pending.size > 0) {
        const ids = [...this.pending.keys()];
        const { rows } = await this.db.query(`SELECT case_id FROM ${this.table} WHERE case_id = ANY($1::uuid[])`, [
          ids,
        ]);
        const t = now();
        for (const r of rows) {
          const rec = this.pending.get(r.case_id);
          if (rec) {
            rec.caseAt = t;
            this.pending.delete(r.case_id);
          }
        }
      }
      await sleep(this.intervalMs);
    }
  }
  async drained(timeoutMs) {
    const deadline = now() + timeoutMs;
    while (this.pending.size > 0 && now() < deadline) {
      await sleep(20);
    }
    return this.pending.size === 0;
  }
  async stop() {
    this.running = false;
    await this.loop;
  }
}

async function maxSeq(db, table) {
  const { rows } = await db.query(`SELECT coalesce(max(seq), 0)::bigint AS s FROM ${table}`);
  return rows[0].s;
}

/**
 * When each consumer service recorded each case's case.opened in its inbox (the start of its consuming
 * transaction, which commits ms later). consumedAt = the last of them: "consumed by the other services".
 */
async function consumedTimes(db, recs, casesOutbox, casesOutboxSeq, consumers, timeoutMs) {
  const ids = recs.map((r) => r.caseId);
  const deadline = now() + timeoutMs;
  const by = {};
  for (const { name: svc, schema } of consumers) {
    let rows = [];
    for (;;) {
      ({ rows } = await db.query(
        `SELECT o.message_key AS case_id, extract(epoch FROM i.processed_at)*1000 AS t
         FROM ${casesOutbox} o JOIN "${schema}".inbox i ON i.event_id = o.event_id AND i.consumer = $3
         WHERE o.seq > $2 AND o.message_key = ANY($1::text[]) AND o.envelope->>'type' = 'case.opened'`,
        [ids, casesOutboxSeq, svc],
      ));
      if (rows.length >= ids.length || now() > deadline) {
        break;
      }
      await sleep(200);
    }
    by[svc] = new Map(rows.map((r) => [r.case_id, Number(r.t)]));
  }
  let complete = 0;
  for (const r of recs) {
    r.consumedBy = Object.fromEntries(consumers.map(({ name }) => [name, by[name].get(r.caseId)]));
    const times = Object.values(r.consumedBy);
    r.consumedAt = times.length > 0 && times.every((t) => t !== undefined) ? Math.max(...times) : undefined;
    if (r.consumedAt !== undefined) {
      complete++;
    }
  }
  return complete;
}

/** Relay lag of the step's events: outbox row written (transaction start) -> published. */
async function relayLag(db, table, fromSeq) {
  const { rows } = await db.query(
    `SELECT extract(epoch FROM (published_at - created_at))*1000 AS ms FROM ${table} WHERE seq > $1 AND published_at IS NOT NULL AND topic NOT LIKE 'bench.pipeline.%'`,
    [fromSeq],
  );
  return summary(rows.map((r) => Number(r.ms)));
}

/**
 * One P4 step against a pipeline: the engine (through its gateway) or the B-pipeline (its bare intake).
 * target = { name, client, casesTable, alertsOutbox, casesOutbox, consumers: [{ name, schema }] }.
 */
async function alertStep(ctx, target, kind, level) {
  const { db, opt } = ctx;
  const client = target.client;
  const watcher = new CaseWatcher(db, target.casesTable);
  const alertsSeq = await maxSeq(db, target.alertsOutbox);
  const casesSeq = await maxSeq(db, target.casesOutbox);
  await sleep(SETTLE_MS);
  const recs = [];
  const errors = [];
  const onResult = (r) => {
    if (r.status === 201 && r.caseId) {
      recs.push(r);
      watcher.watch(r);
    } else {
      errors.push(r);
    }
  };
  const c0 = cpuTicks(ctx.groups);
  const t0 = now();
  let offered = 0;
  let durationMs;
  if (kind === 'closed') {
    durationMs = opt.durationMs;
    await Promise.all(
      Array.from({ length: level }, async () => {
        while (now() - t0 < durationMs) {
          offered++;
          onResult(await client.post());
        }
      }),
    );
  } else {
    durationMs = opt.lowLoadMs;
    const interval = 1000 / level;
    const inflight = [];
    for (let i = 0; ; i++) {
      const due = t0 + i * interval;
      if (due - t0 >= durationMs) {
        break;
      }
      const wait = due - now();
      if (wait > 0) {
        await sleep(wait);
      }
      offered++;
      // Latency counts from the scheduled send time (no coordinated omission).
      inflight.push(client.post(due).then(onResult));
    }
    await Promise.all(inflight);
  }
  const intakeEnd = now();
  const drained = await watcher.drained(120000);
  const lastCase = Math.max(...recs.map((r) => r.caseAt ?? 0));
  const c1 = cpuTicks(ctx.groups);
  const cpu = cpuShare(c0, c1);
  // CPU time per accepted alert, in ms, per process: what bounds the throughput on 2 cores.
  const cpuMsPerAlert = Object.fromEntries(
    Object.keys(c1.t)
      .filter((k) => c0.t[k] !== undefined)
      .map((k) => [k, (((c1.t[k] - c0.t[k]) / CLK_TCK) * 1000) / Math.max(1, recs.length)]),
  );
  await watcher.stop();
  const consumed = await consumedTimes(db, recs, target.casesOutbox, casesSeq, target.consumers, 60000);
  if (errors.some((e) => e.status === 429)) {
    throw new BenchError(
      'the gateway or the alerts service answered 429 (rate limit). Restart them with a high limit:\n' +
        '  export ALERT_RATE_LIMIT_PER_MINUTE=1000000 WRITE_RATE_LIMIT_PER_MINUTE=1000000; deploy/local/stack.sh restart alerts && deploy/local/stack.sh restart gateway\n' +
        '(or run this bench with --start on a stopped stack)',
    );
  }
  const http_ = summary(recs.map((r) => r.respAt - r.sentAt));
  const toCase = summary(recs.filter((r) => r.caseAt).map((r) => r.caseAt - r.sentAt));
  const toConsumed = summary(recs.filter((r) => r.consumedAt).map((r) => r.consumedAt - r.sentAt));
  const toConsumedBy = Object.fromEntries(
    target.consumers.map(({ name: svc }) => [
      svc,
      summary(recs.filter((r) => r.consumedBy?.[svc]).map((r) => r.consumedBy[svc] - r.sentAt)),
    ]),
  );
  const alertsLag = await relayLag(db, target.alertsOutbox, alertsSeq);
  const casesLag = await relayLag(db, target.casesOutbox, casesSeq);
  // Throughput to the end of P4: the event consumed by every consumer (a backlog still draining lowers it).
  const lastConsumed = Math.max(...recs.map((r) => r.consumedAt ?? 0));
  return {
    kind,
    level,
    offered,
    accepted: recs.length,
    errors: errors.length,
    errorSample: errors[0]?.error,
    intakeRate: recs.length / ((intakeEnd - t0) / 1000),
    casesRate: recs.length / ((lastCase - t0) / 1000),
    consumedRate: consumed / ((lastConsumed - t0) / 1000),
    drained,
    consumed,
    http: http_,
    toCase,
    toConsumed,
    toConsumedBy,
    alertsLag,
    casesLag,
    cpu,
    cpuMsPerAlert,
    // Raw latencies of the open-loop step, pooled over the rounds in the report.
    samples:
      kind === 'open'
        ? {
            toCase: recs.filter((r) => r.caseAt).map((r) => r.caseAt - r.sentAt),
            toConsumed: recs.filter((r) => r.consumedAt).map((r) => r.consumedAt - r.sentAt),
          }
        : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// main

function describeMachine(pgVersion, kafkaVersion) {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? '?'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pgVersion,
    kafka: kafkaVersion,
  };
}

async function main() {
  const opt = options();
  if (opt.reportFrom) {
    // Print the report of an earlier run again, from its --json file (no stack needed).
    const j = JSON.parse(fs.readFileSync(opt.reportFrom, 'utf8'));
    const r0 = j.rounds[0];
    const report = buildReport({
      ...j,
      opt: { ...j.opt, ...opt, ...j.opt },
      partitions: j.partitions ?? 6,
      pgbench: j.pgbench ?? !!r0.pgbench,
      consumers: j.consumers ?? Object.keys(r0.low.toConsumedBy),
      procs: j.procs ?? Object.keys(r0.low.cpu),
    });
    process.stdout.write(report.markdown + '\n');
    return;
  }
  const t00 = now();
  const dir = stackDir();
  if (opt.start) {
    log(
      `starting the stack (STACK_DIR=${dir}) with ALERT_RATE_LIMIT_PER_MINUTE=${process.env.ALERT_RATE_LIMIT_PER_MINUTE ?? '1000000'}`,
    );
    execFileSync(path.join(REPO, 'deploy/local/stack.sh'), ['up', ...(opt.noBuild ? ['--no-build'] : [])], {
      cwd: REPO,
      stdio: ['ignore', 2, 2],
      env: {
        ...process.env,
        ALERT_RATE_LIMIT_PER_MINUTE: process.env.ALERT_RATE_LIMIT_PER_MINUTE ?? '1000000',
        // Every authenticated write also counts against a per-user budget (issue 14).
        WRITE_RATE_LIMIT_PER_MINUTE: process.env.WRITE_RATE_LIMIT_PER_MINUTE ?? '1000000',
      },
    });
  }
  const infra = scriptEnv('infra.sh');
  const stack = scriptEnv('stack.sh');
  const gatewayUrl = stack.CONCERTO_GATEWAY_URL;
  const ready = await fetch(new URL('/ready', gatewayUrl))
    .then((r) => r.status)
    .catch(() => 0);
  if (ready !== 200) {
    throw new BenchError(
      `the stack is not ready at ${gatewayUrl} (/ready -> ${ready}). Start it: ALERT_RATE_LIMIT_PER_MINUTE=1000000 WRITE_RATE_LIMIT_PER_MINUTE=1000000 npm run stack:up (or pass --start)`,
    );
  }
  const token = execFileSync(path.join(REPO, 'deploy/local/stack.sh'), ['token', '--user', opt.user], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  let postalCodes = [
    '1000',
    '1020',
    '1030',
    '1040',
    '1050',
    '1060',
    '1070',
    '1080',
    '1090',
    '1120',
    '1130',
    '1140',
    '1150',
    '1160',
    '1170',
    '1180',
    '1190',
    '1200',
    '1210',
  ];
  try {
    postalCodes = JSON.parse(
      fs.readFileSync(path.join(REPO, 'config/territory/brussels.json'), 'utf8'),
    ).postalCodes.map((p) => p.postalCode);
  } catch {
    /* keep the default list */
  }
  let partitions = 6;
  try {
    const { TOPIC_SPECS } = await import(pathToFileURL(path.join(REPO, 'dist/libs/contracts/src/topics.js')).href);
    partitions = TOPIC_SPECS.find((t) => t.name === 'alerts.alert.v1')?.partitions ?? partitions;
  } catch {
    /* keep 6 */
  }

  const db = new pg.Client({ connectionString: infra.DATABASE_URL });
  await db.connect();
  const pgVersion = (await db.query('SHOW server_version')).rows[0].server_version;
  let kafkaVersion = '?';
  try {
    kafkaVersion = /kafka_version=(\S+)/.exec(fs.readFileSync(path.join(dir, 'kafka/format.info'), 'utf8'))?.[1] ?? '?';
  } catch {
    /* unknown */
  }
  const brokers = infra.KAFKA_BROKERS.split(',');
  const kafka = new Kafka({ clientId: 'bench-pipeline', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const rawProducer = kafka.producer({ allowAutoTopicCreation: false });
  await rawProducer.connect();
  const runTag = letters(Math.floor(Math.random() * 26 ** 5), 5);
  const ctx = {
    opt,
    infra,
    db,
    kafka,
    admin,
    brokers,
    partitions,
    rawProducer,
    runTag,
    gatewayUrl,
    token,
    postalCodes,
    groups: processGroups(dir),
    createdTopics: [],
    relayTopic: RELAY_TOPIC,
    pgbench: findPgbench(),
  };
  ctx.consumers = [];
  for (const svc of CASE_EVENT_CONSUMERS) {
    if (!ctx.groups[svc]) {
      continue;
    } // not running in this stack
    const { rows } = await db.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [`"${svc}".inbox`]);
    if (rows[0].ok) {
      ctx.consumers.push(svc);
    }
  }
  if (ctx.consumers.length === 0) {
    throw new BenchError('no consumer of cases.case.v1 is running (expected at least the alerts service)');
  }
  ctx.engine = {
    name: 'engine',
    client: new AlertClient(ctx, gatewayUrl),
    casesTable: 'cases.cases',
    alertsOutbox: 'alerts.outbox',
    casesOutbox: 'cases.outbox',
    consumers: ctx.consumers.map((name) => ({ name, schema: name })),
  };
  // B-pipeline: the same write set by hand (bench/pipeline/bare), started for this run. Its intake checks
  // the same tokens as the engine: the gateway's JWKS, and the issuer and audience the engine accepted.
  let bareStack;
  if (opt.bare) {
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    bareStack = new BareStack({
      repo: REPO,
      db,
      admin,
      infra,
      partitions,
      tag: runTag,
      jwksUrl: new URL('/dev-idp/jwks', gatewayUrl).href,
      issuer: claims.iss,
      audience: Array.isArray(claims.aud) ? claims.aud[0] : claims.aud,
      nodeArgs: opt.bareNodeArgs,
      log,
    });
  }
  const machine = describeMachine(pgVersion, kafkaVersion);
  const loadBefore = os.loadavg();
  log(
    `stack ${dir}: gateway ${gatewayUrl}, Kafka ${brokers.join(',')} (${partitions} partitions), PostgreSQL ${infra.PGHOST}:${infra.PGPORT}; run ${runTag}`,
  );
  log(
    `case.opened consumers measured: ${ctx.consumers.join(', ')}; processes: ${Object.keys(ctx.groups)
      .filter((k) => ctx.groups[k])
      .join(', ')}`,
  );
  log(
    `${opt.rounds} rounds, ${opt.durationMs / 1000} s per step, open-loop step ${opt.lowLoadMs / 1000} s; load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}`,
  );

  const rounds = [];
  try {
    if (bareStack) {
      log('starting the B-pipeline processes');
      await bareStack.start();
      for (const [name, pid] of Object.entries(bareStack.pids)) {
        ctx.groups[name] = pid;
      }
      ctx.bare = {
        name: 'B-pipeline',
        client: new AlertClient(ctx, bareStack.url),
        casesTable: 'bare_cases.cases',
        alertsOutbox: 'bare_alerts.outbox',
        casesOutbox: 'bare_cases.outbox',
        consumers: ctx.consumers.map((name) => ({ name, schema: BARE_CASE_CONSUMERS[name] })),
      };
    }
    await setupScratch(db);
    if (!(await admin.listTopics()).includes(RELAY_TOPIC)) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: RELAY_TOPIC,
            numPartitions: partitions,
            configEntries: [{ name: 'retention.ms', value: '3600000' }],
          },
        ],
      });
    }

    // Warm-up (discarded): JIT, connections, first group joins, relay and consumer paths.
    log('warm-up');
    for (const target of [ctx.engine, ctx.bare].filter(Boolean)) {
      const warm = await alertStep({ ...ctx, opt: { ...opt, durationMs: 3000 } }, target, 'closed', 4);
      if (warm.errors > 0) {
        log(`warm-up of the ${target.name}: ${warm.errors} errors (first: ${warm.errorSample})`);
      }
      if (warm.accepted === 0) {
        throw new BenchError(
          `warm-up of the ${target.name}: ${warm.accepted} accepted, ${warm.errors} errors (first: ${warm.errorSample})`,
        );
      }
    }
    for (let i = 0; i < 20; i++) {
      await rawProducer.sendBatch({
        acks: -1,
        topicMessages: [{ topic: ctx.relayTopic, messages: rawMessages(100, opt.messageBytes, 0) }],
      });
    }

    for (let r = 1; r <= opt.rounds; r++) {
      const round = { round: r };
      log(`round ${r}/${opt.rounds}: B-kafka`);
      round.kafka = await benchKafka(ctx, r);
      log(
        `  produce ${fmt(round.kafka.produceRate)} msg/s, e2e ${fmt(round.kafka.e2eRate)} msg/s, p50/p99 ${fmt(round.kafka.latP50, 1)}/${fmt(round.kafka.latP99, 1)} ms at ${fmt(round.kafka.lowRate)} msg/s`,
      );
      log(`round ${r}/${opt.rounds}: B-pg-tx`);
      round.pgbench = ctx.pgbench ? await benchPgbench(ctx) : undefined;
      round.pgnode = await benchPgNode(ctx);
      log(
        `  pgbench ${fmt(round.pgbench?.tps)} tx/s p99 ${fmt(round.pgbench?.p99, 1)} ms; node-pg ${fmt(round.pgnode.tps)} tx/s p99 ${fmt(round.pgnode.p99, 1)} ms`,
      );
      log(`round ${r}/${opt.rounds}: P3 outbox relay (${opt.relayRows} rows)`);
      round.relay = await benchRelay(ctx);
      log(`  relay ${fmt(round.relay.rate)} msg/s`);
      round.steps = [];
      for (const c of opt.steps) {
        log(`round ${r}/${opt.rounds}: P4 closed loop, ${c} client(s)`);
        const s = await alertStep(ctx, ctx.engine, 'closed', c);
        round.steps.push(s);
        log(
          `  ${s.accepted} alerts (${s.errors} errors), intake ${fmt(s.intakeRate, 1)}/s, cases ${fmt(s.casesRate, 1)}/s, to case p50/p99 ${fmt(s.toCase.p50)}/${fmt(s.toCase.p99)} ms, consumed p99 ${fmt(s.toConsumed.p99)} ms`,
        );
      }
      // 10 % of the best closed-loop cases/s seen so far (median over the rounds run).
      const maxSoFar = median(rounds.concat([round]).map((x) => Math.max(...x.steps.map((s) => s.consumedRate))));
      const low = Math.max(0.2, maxSoFar * opt.lowLoadFraction);
      log(
        `round ${r}/${opt.rounds}: P4 open loop at ${fmt(low, 2)} alerts/s (${opt.lowLoadFraction * 100} % of ${fmt(maxSoFar, 1)} alerts/s consumed)`,
      );
      round.low = await alertStep(ctx, ctx.engine, 'open', low);
      log(
        `  to case p50/p99 ${fmt(round.low.toCase.p50)}/${fmt(round.low.toCase.p99)} ms, consumed p50/p99 ${fmt(round.low.toConsumed.p50)}/${fmt(round.low.toConsumed.p99)} ms`,
      );
      if (ctx.bare) {
        round.bare = { steps: [] };
        for (const c of opt.steps) {
          log(`round ${r}/${opt.rounds}: B-pipeline closed loop, ${c} client(s)`);
          const s = await alertStep(ctx, ctx.bare, 'closed', c);
          round.bare.steps.push(s);
          log(
            `  ${s.accepted} alerts (${s.errors} errors), intake ${fmt(s.intakeRate, 1)}/s, cases ${fmt(s.casesRate, 1)}/s, consumed ${fmt(s.consumedRate, 1)}/s, to case p50/p99 ${fmt(s.toCase.p50)}/${fmt(s.toCase.p99)} ms, consumed p99 ${fmt(s.toConsumed.p99)} ms`,
          );
          if (s.errors > 0) {
            log(`  first error: ${s.errorSample}`);
          }
        }
        const bareMax = median(rounds.concat([round]).map((x) => Math.max(...x.bare.steps.map((s) => s.consumedRate))));
        const bareLow = Math.max(0.2, bareMax * opt.lowLoadFraction);
        log(`round ${r}/${opt.rounds}: B-pipeline open loop at ${fmt(bareLow, 2)} alerts/s`);
        round.bare.low = await alertStep(ctx, ctx.bare, 'open', bareLow);
        log(
          `  to case p50/p99 ${fmt(round.bare.low.toCase.p50)}/${fmt(round.bare.low.toCase.p99)} ms, consumed p50/p99 ${fmt(round.bare.low.toConsumed.p50)}/${fmt(round.bare.low.toConsumed.p99)} ms`,
        );
      }
      rounds.push(round);
    }
  } finally {
    if (bareStack) {
      await bareStack.stop().catch((e) => log(`could not stop the B-pipeline: ${e.message}`));
    }
    await db.query(`DROP SCHEMA IF EXISTS ${SCRATCH} CASCADE`).catch(() => undefined);
    await db.query(`DELETE FROM alerts.outbox WHERE topic LIKE 'bench.pipeline.%'`).catch(() => undefined);
    await admin
      .deleteTopics({ topics: ctx.createdTopics })
      .catch((e) => log(`could not delete bench topics: ${e.message}`));
    await rawProducer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await db.end().catch(() => undefined);
    ctx.engine.client.agent.destroy();
    ctx.bare?.client.agent.destroy();
  }
  const loadAfter = os.loadavg();
  const elapsedS = (now() - t00) / 1000;
  const procs = Object.keys(ctx.groups).filter((k) => ctx.groups[k]);
  const report = buildReport({
    opt,
    rounds,
    machine,
    loadBefore,
    loadAfter,
    elapsedS,
    partitions,
    pgbench: ctx.pgbench,
    consumers: ctx.consumers,
    procs,
  });
  if (opt.json) {
    const saved = {
      opt,
      machine,
      loadBefore,
      loadAfter,
      elapsedS,
      partitions,
      pgbench: ctx.pgbench,
      consumers: ctx.consumers,
      procs,
      rounds,
      summary: report.summary,
    };
    fs.writeFileSync(opt.json, JSON.stringify(saved, null, 2));
  }
  process.stdout.write(report.markdown + '\n');
  log(`done in ${elapsedS.toFixed(0)} s`);
  if (opt.stop) {
    log('stopping the stack (stack.sh down --infra)');
    execFileSync(path.join(REPO, 'deploy/local/stack.sh'), ['down', '--infra'], { cwd: REPO, stdio: ['ignore', 2, 2] });
  }
}

// ---------------------------------------------------------------------------------------------
// report

function buildReport({ opt, rounds, machine, loadBefore, loadAfter, elapsedS, partitions, pgbench, consumers, procs }) {
  const consumerNames = consumers.join(' + ');
  const m = (f) => median(rounds.map(f));
  const range = (f, d = 2) => {
    const v = rounds.map(f).filter(Number.isFinite);
    return v.length ? `${fmt(Math.min(...v), d)}–${fmt(Math.max(...v), d)}` : '–';
  };
  const bProduce = m((r) => r.kafka.produceRate);
  const bPg = pgbench ? m((r) => r.pgbench.tps) : m((r) => r.pgnode.tps);
  const bPgName = pgbench ? 'B-pg-tx (pgbench)' : 'B-pg-tx (node-pg)';
  const relay = m((r) => r.relay.rate);
  const maxCases = m((r) => Math.max(...r.steps.map((s) => s.casesRate)));
  const lowCaseP99 = m((r) => r.low.toCase.p99);
  const lowConsumedP99 = m((r) => r.low.toConsumed.p99);
  const pooledCase = summary(rounds.flatMap((r) => r.low.samples.toCase));
  const pooledConsumed = summary(rounds.flatMap((r) => r.low.samples.toConsumed));
  const ratioRelay = relay / bProduce;
  const ratioCases = maxCases / bPg;
  const pass = (ok) => (ok ? '**pass**' : '**FAIL**');
  const L = [];
  L.push(
    `Run: ${new Date().toISOString()}, ${rounds.length} rounds (each figure is the median over the rounds; ranges are min–max of the per-round values), ${elapsedS.toFixed(0)} s in all.`,
  );
  L.push(
    `Machine: ${machine.cpu}, ${machine.memory}, ${machine.os}, Node ${machine.node}, PostgreSQL ${machine.postgres}, Kafka ${machine.kafka} (KRaft, 1 broker), ${partitions} partitions per topic. Load average before/after: ${loadBefore.map((x) => x.toFixed(2)).join(' ')} / ${loadAfter.map((x) => x.toFixed(2)).join(' ')}.`,
  );
  const qualityBarLengths = opt.rounds >= 5 && opt.durationMs >= 30000;
  L.push(
    `Lengths: ${opt.durationMs / 1000} s per baseline and per closed-loop step, ${opt.lowLoadMs / 1000} s for the 10 % step, ${opt.relayRows} outbox rows for the relay` +
      (qualityBarLengths
        ? " (the quality bar's ≥ 5 × 30 s)."
        : " (shorter than the quality bar's ≥ 5 × 30 s, so that one run stays near 5 minutes)."),
  );
  L.push('');
  const bareSummary = rounds.every((r) => r.bare)
    ? bareSection(L, { opt, rounds, m, range, pass, consumerNames, procs })
    : undefined;
  L.push('| Goal | Engine | Raw baseline (same run) | Ratio (range) | Target | Result |');
  L.push('|---|---|---|---|---|---|');
  L.push(
    `| P3 outbox relay publish rate | ${fmtRate(relay)} msg/s | B-kafka produce-only ${fmtRate(bProduce)} msg/s | ${fmt(ratioRelay, 2)} (${range((r) => r.relay.rate / r.kafka.produceRate)}) | ≥ 0.5 | ${pass(ratioRelay >= 0.5)} |`,
  );
  L.push(
    `| P4 (first definition, superseded by B-pipeline) alert → case opened, cases/s (best step) | ${fmtRate(maxCases)} cases/s | ${bPgName} ${fmtRate(bPg)} tx/s: the ceiling of one durable transaction | ${fmt(ratioCases, 3)} (${range((r) => Math.max(...r.steps.map((s) => s.casesRate)) / (pgbench ? r.pgbench.tps : r.pgnode.tps), 3)}) | – | – |`,
  );
  L.push(
    `| P4 alert → case opened, p99 at 10 % load | ${fmt(lowCaseP99)} ms | – | – | ≤ 500 ms | ${pass(lowCaseP99 <= 500)} |`,
  );
  L.push(
    `| P4 alert → case.opened consumed by ${consumerNames}, p99 at 10 % load | ${fmt(lowConsumedP99)} ms | – | – | ≤ 500 ms | ${pass(lowConsumedP99 <= 500)} |`,
  );
  L.push('');
  L.push(
    `At 10 % load, all rounds pooled: alert → case p50 ${fmt(pooledCase.p50)} / p99 ${fmt(pooledCase.p99)} / max ${fmt(pooledCase.max)} ms (n = ${pooledCase.n}); alert → consumed by ${consumerNames} p50 ${fmt(pooledConsumed.p50)} / p99 ${fmt(pooledConsumed.p99)} / max ${fmt(pooledConsumed.max)} ms (n = ${pooledConsumed.n}). Per consumer, p99 (median over the rounds): ${consumers.map((c) => `${c} ${fmt(m((r) => r.low.toConsumedBy[c]?.p99))} ms`).join(', ')}.`,
  );
  L.push('');
  L.push('Raw baselines:');
  L.push('');
  L.push('| Baseline | Throughput | Latency |');
  L.push('|---|---|---|');
  L.push(
    `| B-kafka produce-only (acks=-1, sendBatch of 100, ${opt.messageBytes} B, 1 batch in flight) | ${fmtRate(bProduce)} msg/s (${range((r) => r.kafka.produceRate, 0)}) | – |`,
  );
  L.push(
    `| B-kafka produce → consume (eachBatch no-op, consumer in its own thread) | ${fmtRate(m((r) => r.kafka.e2eRate))} msg/s (${range((r) => r.kafka.e2eRate, 0)}) | e2e p50 ${fmt(
      m((r) => r.kafka.latP50),
      1,
    )} ms, p99 ${fmt(
      m((r) => r.kafka.latP99),
      1,
    )} ms at 10 % (${fmtRate(m((r) => r.kafka.lowRate))} msg/s) |`,
  );
  if (pgbench) {
    L.push(
      `| B-pg-tx, pgbench, ${opt.pgClients} clients (INSERT alert + INSERT outbox, 1 tx) | ${fmtRate(m((r) => r.pgbench.tps))} tx/s (${range((r) => r.pgbench.tps, 0)}) | p50 ${fmt(
        m((r) => r.pgbench.p50),
        1,
      )} ms, p99 ${fmt(
        m((r) => r.pgbench.p99),
        1,
      )} ms |`,
    );
  }
  L.push(
    `| B-pg-tx, node-pg pool of ${opt.pgClients} (same transaction) | ${fmtRate(m((r) => r.pgnode.tps))} tx/s (${range((r) => r.pgnode.tps, 0)}) | p50 ${fmt(
      m((r) => r.pgnode.p50),
      1,
    )} ms, p99 ${fmt(
      m((r) => r.pgnode.p99),
      1,
    )} ms |`,
  );
  L.push('');
  L.push(
    'Engine, alert intake through the gateway (closed loop: N clients back to back; open loop: fixed rate). Latencies from the send of `POST /v1/alerts`: **HTTP** = 201 received, **case** = row visible in `cases.cases`, **consumed** = `case.opened` recorded in the inbox of every consumer service (' +
      consumers.map((c) => `\`${c}.inbox\``).join(', ') +
      '), i.e. the last of them:',
  );
  L.push('');
  stepTable(L, opt, rounds, (r) => r);
  const stepRows = opt.steps.map((c, i) => ({ label: `${c} client${c > 1 ? 's' : ''}`, get: (r) => r.steps[i] }));
  stepRows.push({
    label: `open loop ${fmt(
      m((r) => r.low.level),
      2,
    )}/s (10 %)`,
    get: (r) => r.low,
  });
  L.push('');
  L.push('CPU per process during each phase, % of one core (2 cores = 200 %), median over the rounds:');
  L.push('');
  L.push(`| Phase | ${procs.join(' | ')} |`);
  L.push(`|---|${procs.map(() => '---').join('|')}|`);
  const cpuRow = (label, f) => L.push(`| ${label} | ${procs.map((p) => fmt(m((r) => f(r)?.[p]))).join(' | ')} |`);
  cpuRow('B-kafka produce-only', (r) => r.kafka.produceCpu);
  cpuRow('P3 relay drain', (r) => r.relay.cpu);
  for (const row of stepRows) {
    cpuRow(`P4 ${row.label}`, (r) => row.get(r).cpu);
  }
  if (rounds.every((r) => r.bare)) {
    opt.steps.forEach((c, i) => cpuRow(`B-pipeline ${c} client${c > 1 ? 's' : ''}`, (r) => r.bare.steps[i].cpu));
    cpuRow('B-pipeline open loop (10 %)', (r) => r.bare.low.cpu);
  }
  L.push('');
  L.push(
    'CPU time per accepted alert, ms (whole pipeline: intake, routing, case, relays, consumers; the bench polls `cases.cases` every 10 ms):',
  );
  L.push('');
  L.push(`| Load | ${procs.join(' | ')} | engine + infra total |`);
  L.push(`|---|${procs.map(() => '---').join('|')}|---|`);
  for (const row of stepRows) {
    const per = (p) => m((r) => row.get(r).cpuMsPerAlert?.[p]);
    const total = procs
      .filter((p) => p !== 'bench' && !p.startsWith('bare-'))
      .reduce((a, p) => a + (Number.isFinite(per(p)) ? per(p) : 0), 0);
    L.push(`| ${row.label} | ${procs.map((p) => fmt(per(p), 1)).join(' | ')} | ${fmt(total, 1)} |`);
  }
  if (bareSummary) {
    L.push('');
    L.push(
      "B-pipeline, by step (same columns as the engine's table above; **consumed /s** is the throughput to the end of P4):",
    );
    L.push('');
    stepTable(L, opt, rounds, (r) => r.bare);
  }
  return {
    markdown: L.join('\n'),
    summary: { bProduce, bPg, relay, maxCases, lowCaseP99, lowConsumedP99, ratioRelay, ratioCases, ...bareSummary },
  };
}

/** Engine process ↔ the B-pipeline process that does its part (the gateway has none: B-pipeline has no edge proxy). */
const PROCESS_PAIRS = [
  ['gateway', undefined],
  ['alerts', 'bare-intake'],
  ['directory', 'bare-directory'],
  ['cases', 'bare-cases'],
  ['scheduling', 'bare-scheduling'],
  ['notifications', 'bare-notifications'],
  ['postgres', 'postgres'],
  ['kafka', 'kafka'],
  ['redis', 'redis'],
];

/** P4 against B-pipeline: the headline table and the CPU per alert of each process, engine beside B-pipeline. */
function bareSection(L, { m, range, pass, consumerNames, procs }) {
  const best = (steps, f) => Math.max(...steps.map(f));
  const bestStep = (steps) => steps.reduce((a, b) => (b.consumedRate > a.consumedRate ? b : a));
  const engineRate = m((r) => best(r.steps, (s) => s.consumedRate));
  const bareRate = m((r) => best(r.bare.steps, (s) => s.consumedRate));
  const engineCases = m((r) => best(r.steps, (s) => s.casesRate));
  const bareCases = m((r) => best(r.bare.steps, (s) => s.casesRate));
  const ratio = m((r) => best(r.steps, (s) => s.consumedRate) / best(r.bare.steps, (s) => s.consumedRate));
  const ratioCases = m((r) => best(r.steps, (s) => s.casesRate) / best(r.bare.steps, (s) => s.casesRate));
  const engineP99 = m((r) => r.low.toConsumed.p99);
  const bareP99 = m((r) => r.bare.low.toConsumed.p99);
  const engineCaseP99 = m((r) => r.low.toCase.p99);
  const bareCaseP99 = m((r) => r.bare.low.toCase.p99);
  L.push(
    '**P4 against B-pipeline** (the same write set by hand, in the same run: `bench/pipeline/bare/`). Ratio = engine ÷ B-pipeline, per round, median over the rounds:',
  );
  L.push('');
  L.push('| Goal | Engine | B-pipeline (same run) | Ratio (range) | Target | Result |');
  L.push('|---|---|---|---|---|---|');
  L.push(
    `| P4 throughput: alerts/s with \`case.opened\` consumed by ${consumerNames} (best closed-loop step) | ${fmtRate(engineRate)} | ${fmtRate(bareRate)} | ${fmt(ratio, 2)} (${range((r) => best(r.steps, (s) => s.consumedRate) / best(r.bare.steps, (s) => s.consumedRate))}) | ≥ 0.5 | ${pass(ratio >= 0.5)} |`,
  );
  L.push(
    `| P4 throughput: cases opened/s (best closed-loop step) | ${fmtRate(engineCases)} | ${fmtRate(bareCases)} | ${fmt(ratioCases, 2)} (${range((r) => best(r.steps, (s) => s.casesRate) / best(r.bare.steps, (s) => s.casesRate))}) | – | – |`,
  );
  L.push(
    `| P4 p99 at 10 % load, alert → consumed by every consumer | ${fmt(engineP99)} ms (at ${fmt(
      m((r) => r.low.level),
      1,
    )}/s) | ${fmt(bareP99)} ms (at ${fmt(
      m((r) => r.bare.low.level),
      1,
    )}/s) | – | ≤ 500 ms | ${pass(engineP99 <= 500)} |`,
  );
  L.push(
    `| P4 p99 at 10 % load, alert → case opened | ${fmt(engineCaseP99)} ms | ${fmt(bareCaseP99)} ms | – | ≤ 500 ms | ${pass(engineCaseP99 <= 500)} |`,
  );
  L.push('');
  L.push(
    "CPU ms per alert, per process (utime + stime from /proc, median over the rounds). \"Best step\" is each pipeline's own best closed-loop step; PostgreSQL, Kafka and Redis are shared, read during each pipeline's own steps, and include the idle polling of the other pipeline's consumers:",
  );
  L.push('');
  L.push(
    '| Engine process | B-pipeline process | Engine, best step | B-pipeline, best step | Engine − B | Engine, 10 % load | B-pipeline, 10 % load |',
  );
  L.push('|---|---|---|---|---|---|---|');
  const cpu = (pick, p) => (p && procs.includes(p) ? m((r) => pick(r)?.cpuMsPerAlert?.[p]) : NaN);
  const tot = { e: 0, b: 0, el: 0, bl: 0 };
  const add = (k, v) => (tot[k] += Number.isFinite(v) ? v : 0);
  for (const [e, b] of PROCESS_PAIRS) {
    if (!procs.includes(e)) {
      continue;
    }
    const ce = cpu((r) => bestStep(r.steps), e);
    const cb = cpu((r) => bestStep(r.bare.steps), b);
    const le = cpu((r) => r.low, e);
    const lb = cpu((r) => r.bare.low, b);
    add('e', ce);
    add('b', cb);
    add('el', le);
    add('bl', lb);
    L.push(
      `| ${e} | ${b ?? '(none)'} | ${fmt(ce, 2)} | ${fmt(cb, 2)} | ${fmt((ce || 0) - (Number.isFinite(cb) ? cb : 0), 2)} | ${fmt(le, 2)} | ${fmt(lb, 2)} |`,
    );
  }
  L.push(
    `| **total** | | **${fmt(tot.e, 1)}** | **${fmt(tot.b, 1)}** | **${fmt(tot.e - tot.b, 1)}** | ${fmt(tot.el, 1)} | ${fmt(tot.bl, 1)} |`,
  );
  L.push('');
  // On a machine shared with other work neither pipeline gets both cores, so the measured rates are
  // bounded by the share each gets, not by its own cost. When the pipeline alone saturates the cores,
  // its rate is cores × 1000 ÷ CPU ms per alert: the ratio that the CPU per alert predicts.
  const cores = os.cpus().length;
  const cpuRatio = tot.b / tot.e;
  const busy = (pick) =>
    m((r) =>
      median(
        pick(r).map((s) =>
          Object.entries(s.cpu)
            .filter(([k]) => k !== 'bench')
            .reduce((a, [, v]) => a + v, 0),
        ),
      ),
    );
  L.push(
    `CPU-bound ceiling: ${cores} cores ÷ CPU per alert = ${fmtRate((cores * 1000) / tot.e)} alerts/s for the engine and ${fmtRate((cores * 1000) / tot.b)} alerts/s for B-pipeline, ` +
      `a ratio of **${fmt(cpuRatio, 2)}** (target ≥ 0.5: ${pass(cpuRatio >= 0.5)}). The processes measured used ${fmt(busy((r) => r.steps))} % (engine) and ${fmt(busy((r) => r.bare.steps))} % (B-pipeline) ` +
      `of one core during the closed-loop steps (median), of the ${cores * 100} % there is: when that is well below ${cores * 100} %, other work on the machine took the rest, the measured rates are bounded by the share they got, and the CPU-bound ratio is the one to read.`,
  );
  L.push('');
  return { bareRate, engineRate, ratioBare: ratio, engineP99, bareP99, cpuEngine: tot.e, cpuBare: tot.b, cpuRatio };
}

function stepTable(L, opt, rounds, pick) {
  const m = (f) => median(rounds.map(f));
  L.push(
    '| Load | Alerts (errors) | Intake /s | Cases /s | Consumed /s | HTTP p50 / p99 ms | Case p50 / p95 / p99 ms | Consumed p50 / p95 / p99 ms | Relay lag p99 alerts / cases ms |',
  );
  L.push('|---|---|---|---|---|---|---|---|---|');
  const rows = opt.steps.map((c, i) => ({ label: `${c} client${c > 1 ? 's' : ''}`, get: (r) => pick(r).steps[i] }));
  rows.push({
    label: `open loop ${fmt(
      m((r) => pick(r).low.level),
      2,
    )}/s (10 %)`,
    get: (r) => pick(r).low,
  });
  for (const row of rows) {
    const g = (f) => m((r) => f(row.get(r)));
    L.push(
      `| ${row.label} | ${fmt(g((s) => s.accepted))} (${fmt(g((s) => s.errors))}) | ${fmtRate(g((s) => s.intakeRate))} | ${fmtRate(g((s) => s.casesRate))} | ${fmtRate(g((s) => s.consumedRate))} | ${fmt(g((s) => s.http.p50))} / ${fmt(g((s) => s.http.p99))} | ${fmt(g((s) => s.toCase.p50))} / ${fmt(g((s) => s.toCase.p95))} / ${fmt(g((s) => s.toCase.p99))} | ${fmt(g((s) => s.toConsumed.p50))} / ${fmt(g((s) => s.toConsumed.p95))} / ${fmt(g((s) => s.toConsumed.p99))} | ${fmt(g((s) => s.alertsLag.p99))} / ${fmt(g((s) => s.casesLag.p99))} |`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// entry point (last, so that every class above is initialised)

if (!isMainThread) {
  await consumerThread(workerData);
} else {
  try {
    await main();
  } catch (error) {
    log(`FAILED: ${error instanceof BenchError ? error.message : (error?.stack ?? error)}`);
    process.exitCode = 1;
  }
  // Open sockets (keep-alive agent, kafkajs, pg) must not keep a failed run alive.
  process.exit(process.exitCode ?? 0);
}
