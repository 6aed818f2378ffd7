#!/usr/bin/env node
// Starvation benchmark (issue 14, defect 2): can one user slow everyone else down?
//
//   npm run -s bench:starvation                      embedded mode: builds, then starts the engine (node dist/…/main.js)
//                                                    in a child process on a temporary DATA_DIR, twice
//   ALERT_RATE_LIMIT_PER_MINUTE=100000 deploy/local/stack.sh up   (the alerting users send 120 alerts a minute)
//   eval "$(deploy/local/stack.sh env)" && npm run -s bench:starvation -- --distributed
//                                                    distributed mode: the running stack (CONCERTO_GATEWAY_URL, DATA_DIR
//                                                    for the development signing keys); its limits are the stack's own
// Options: --duration 30 (seconds per phase) --interval-ms 250 (between urgent alerts) --flooders 4 (connections of
//          the flooding user) --no-build --json FILE. Method and results: docs/benchmarks.md (section "Starvation").
//
// "Handled" for an urgent alert: POST /v1/alerts answered 201, then the coordinator of its bassin reads the case
// (GET /v1/cases/{id} = 200 with its acknowledgement deadline). Latency = from sending the POST to that first 200.
// Phases, each measuring the urgent-alert latency (alerts paced at --interval-ms, sent by three other users):
//   quiet        nobody else works
//   flood        one professional re-imports her own largest allowed calendar (docs/limits.md: just under the
//                512 KiB body limit, as many busy periods as an import may hold) from --flooders connections, as fast as
//                her budgets let her (WRITE_RATE_LIMIT_PER_MINUTE, CALENDAR_IMPORT_RATE_LIMIT_PER_MINUTE; 429 → wait Retry-After)
//   flood-raw    the same with both budgets raised out of reach (embedded only: the engine is restarted with
//                them at 1000000): what the engine itself holds, without the rate limits
// Bound (issue 14): p99 of each flood phase ≤ 2 × p99 quiet. Exit code 1 when a bound is missed.
// Progress goes to stderr; the markdown report goes to stdout.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => process.stderr.write(`[starvation] ${a.join(' ')}\n`);

const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    'interval-ms': { type: 'string', default: '250' },
    flooders: { type: 'string', default: '4' },
    distributed: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  const lines = fs
    .readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .slice(1);
  process.stdout.write(
    lines
      .slice(
        0,
        lines.findIndex((l) => !l.startsWith('//')),
      )
      .map((l) => l.replace(/^\/\/ ?/, ''))
      .join('\n') + '\n',
  );
  process.exit(0);
}
const DURATION_MS = Number(opt.duration) * 1000;
const INTERVAL_MS = Number(opt['interval-ms']);
const FLOODERS = Number(opt.flooders);
const FLOODER = 'pro-social-worker';
const ALERTERS = ['pro-pharmacist', 'pro-home-nurse', 'pro-gp'];
const READER = 'coord-sud'; // postal code 1180 is in bassin sud

// ---------------------------------------------------------------------------------------------- http

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(base, method, pathname, { token, body, type = 'application/json' } = {}) {
  return new Promise((resolve) => {
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      new URL(pathname, base),
      {
        method,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(data !== undefined ? { 'content-type': type, 'content-length': Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, json, text });
        });
      },
    );
    req.on('error', (e) => resolve({ status: 0, error: String(e) }));
    req.end(data);
  });
}

// ---------------------------------------------------------------------------------------------- inputs

/**
 * The largest calendar a professional may import (docs/limits.md): as many busy periods as an import may
 * hold (weekly events and single ones), padded to the body limit: as much work per request as allowed.
 */
function largestCalendar(limits) {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//concerto//bench-starvation//EN'];
  const start = new Date();
  start.setUTCHours(6, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() + 1);
  const stamp = (d) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const weeklyCount = 50;
  const weekly = Math.floor((limits.calendarImport.maxPeriods * 0.6) / weeklyCount);
  let events = 0;
  for (let i = 0; i < weekly; i++) {
    // Weekly for ~a year, each at its own time of the week: 60 % of the periods allowed.
    const s = new Date(start.getTime() + (i % 5) * 86_400_000 + Math.floor(i / 5) * 10 * 60_000);
    lines.push(
      'BEGIN:VEVENT',
      `UID:w${i}@bench`,
      `DTSTAMP:${stamp(start)}`,
      `DTSTART:${stamp(s)}`,
      `DTEND:${stamp(new Date(s.getTime() + 5 * 60_000))}`,
      `RRULE:FREQ=WEEKLY;COUNT=${weeklyCount}`,
      'END:VEVENT',
    );
    events++;
  }
  // Then single events until either limit is reached: the file size or the number of events.
  let size = lines.join('\r\n').length + 40;
  const singles = limits.calendarImport.maxPeriods - weekly * weeklyCount;
  for (let i = 0; i < singles && events < limits.calendarImport.maxEvents; i++, events++) {
    const s = new Date(start.getTime() + 7 * 86_400_000 + i * 93 * 60_000);
    const event = [
      'BEGIN:VEVENT',
      `UID:s${i}@bench`,
      `DTSTAMP:${stamp(start)}`,
      `DTSTART:${stamp(s)}`,
      `DTEND:${stamp(new Date(s.getTime() + 30 * 60_000))}`,
      'END:VEVENT',
    ];
    const bytes = event.join('\r\n').length + 2;
    if (size + bytes > limits.body.calendarBytes - 64) {
      break;
    }
    size += bytes;
    lines.push(...event);
  }
  lines.push('END:VCALENDAR', '');
  let text = lines.join('\r\n');
  if (Buffer.byteLength(text) > limits.body.calendarBytes) {
    throw new Error(`bench calendar is ${Buffer.byteLength(text)} bytes, over the limit: fix the generator`);
  }
  // Pad up to the limit (a comment-like X- property on the calendar): the largest body allowed.
  const room = limits.body.calendarBytes - Buffer.byteLength(text) - 64;
  if (room > 0) {
    text = text.replace('PRODID:', `X-PAD:${'x'.repeat(room)}\r\nPRODID:`);
  }
  return text;
}

function letters(n, len = 6) {
  let s = '';
  for (let i = 0; i < len; i++) {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------- phases

const runTag = letters(Date.now() % 26 ** 6);
let alertSeq = 0;

/** One urgent alert about a new person; resolves with the time until its coordinator reads the case. */
async function urgentAlert(base, tokens) {
  const n = alertSeq++;
  const started = now();
  const res = await request(base, 'POST', '/v1/alerts', {
    token: tokens[ALERTERS[n % ALERTERS.length]],
    body: {
      type: 'imminent-discharge',
      urgency: 'urgent',
      person: {
        givenName: `Starve${runTag}`,
        familyName: `P${letters(n)}`,
        birthDate: `${1930 + (n % 60)}-0${1 + (n % 9)}-1${n % 9}`,
        address: { postalCode: '1180' },
      },
      reason: 'Benchmark alert (bench/starvation): synthetic person.',
    },
  });
  if (res.status !== 201 || !res.json?.caseId) {
    return { error: `${res.status} ${res.text?.slice(0, 160) ?? res.error}` };
  }
  const accepted = now() - started;
  for (;;) {
    const read = await request(base, 'GET', `/v1/cases/${res.json.caseId}`, { token: tokens[READER] });
    if (read.status === 200 && read.json?.acknowledgeBy) {
      return { ms: now() - started, acceptedMs: accepted };
    }
    if (now() - started > 120_000) {
      return { error: `case ${res.json.caseId} not readable after 120 s (last ${read.status})` };
    }
    await sleep(5);
  }
}

/** Urgent alerts paced at INTERVAL_MS (open loop: a slow answer does not delay the next alert). */
async function measureAlerts(base, tokens, label) {
  const results = [];
  const pending = [];
  const end = now() + DURATION_MS;
  while (now() < end) {
    pending.push(urgentAlert(base, tokens).then((r) => results.push(r)));
    await sleep(INTERVAL_MS);
  }
  await Promise.all(pending);
  const ok = results.filter((r) => r.ms !== undefined);
  const errors = results.filter((r) => r.error);
  if (errors.length > 0) {
    log(`${label}: ${errors.length} alert(s) failed, e.g. ${errors[0].error}`);
  }
  return { ...stats(ok.map((r) => r.ms)), acceptedP99: stats(ok.map((r) => r.acceptedMs)).p99, errors: errors.length };
}

/** One user re-importing the largest allowed calendar from several connections until stopped. */
function flood(base, token, calendar) {
  let running = true;
  const counts = { ok: 0, limited: 0, other: 0, otherSample: '' };
  const loop = async () => {
    while (running) {
      const res = await request(base, 'PUT', `/v1/calendars/${FLOODER}/busy.ics`, {
        token,
        body: calendar,
        type: 'text/calendar',
      });
      if (res.status === 200) {
        counts.ok++;
      } else if (res.status === 429) {
        counts.limited++;
        const wait = Number(res.headers['retry-after'] ?? 1) * 1000;
        const until = now() + wait;
        while (running && now() < until) {
          await sleep(100);
        }
      } else {
        counts.other++;
        counts.otherSample ||= `${res.status} ${res.text?.slice(0, 160) ?? res.error}`;
        await sleep(100);
      }
    }
  };
  const loops = Array.from({ length: FLOODERS }, loop);
  return {
    counts,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p) => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]);
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? NaN };
}

// ---------------------------------------------------------------------------------------------- engines

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(base, timeoutMs = 180_000) {
  const deadline = now() + timeoutMs;
  while (now() < deadline) {
    const res = await request(base, 'GET', '/ready');
    if (res.status === 200) {
      return;
    }
    await sleep(250);
  }
  throw new Error(`${base}/ready did not answer 200 in ${timeoutMs / 1000} s`);
}

async function startEmbedded(env) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concerto-starvation-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/apps/embedded/src/main.js'], {
    cwd: REPO,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitReady(base),
      new Promise((_, reject) => child.on('exit', (code) => reject(new Error(`engine exited (${code}): ${stderr}`)))),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    base,
    dataDir,
    stop: async () => {
      const gone = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(30_000).then(() => child.kill('SIGKILL'))]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function tokensFor(dataDir) {
  const { DevIdentityProvider } = await import(pathToFileURL(path.join(REPO, 'dist/libs/auth/src/index.js')).href);
  const { loadConfig } = await import(pathToFileURL(path.join(REPO, 'dist/libs/config/src/index.js')).href);
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir });
  const directory = JSON.parse(fs.readFileSync(path.resolve(REPO, config.DIRECTORY_SEED_FILE), 'utf8'));
  const idp = await DevIdentityProvider.load(path.join(dataDir, 'keys'), config.AUTH_ISSUER, config.AUTH_AUDIENCE);
  const tokens = {};
  for (const id of [FLOODER, READER, ...ALERTERS]) {
    const user = directory.professionals.find((p) => p.id === id);
    tokens[id] = await idp.issue(user, 4 * 3600);
  }
  return tokens;
}

/** quiet, then flood, against one engine; the flood phase is labelled. */
async function runPhases(base, tokens, limits, floodLabel, withQuiet) {
  const calendar = largestCalendar(limits);
  const probe = await request(base, 'PUT', `/v1/calendars/${FLOODER}/busy.ics`, {
    token: tokens[FLOODER],
    body: calendar,
    type: 'text/calendar',
  });
  if (probe.status !== 200) {
    throw new Error(`the largest allowed calendar was refused: ${probe.status} ${probe.text?.slice(0, 300)}`);
  }
  log(
    `calendar: ${Buffer.byteLength(calendar)} bytes, ${probe.json.imported} busy periods stored, ${probe.json.warnings?.length ?? 0} warnings`,
  );
  const out = { calendarBytes: Buffer.byteLength(calendar), busyPeriods: probe.json.imported };
  if (withQuiet) {
    log(`quiet: urgent alerts every ${INTERVAL_MS} ms for ${DURATION_MS / 1000} s`);
    out.quiet = await measureAlerts(base, tokens, 'quiet');
    log(`quiet: p50 ${out.quiet.p50.toFixed(0)} ms, p99 ${out.quiet.p99.toFixed(0)} ms (n=${out.quiet.n})`);
  }
  log(`${floodLabel}: ${FLOODERS} connections of ${FLOODER} importing; urgent alerts as above`);
  const f = flood(base, tokens[FLOODER], calendar);
  await sleep(2000); // the flood is under way before the first measured alert
  const measured = await measureAlerts(base, tokens, floodLabel);
  await f.stop();
  out[floodLabel] = { ...measured, imports: { ...f.counts } };
  log(
    `${floodLabel}: p50 ${measured.p50.toFixed(0)} ms, p99 ${measured.p99.toFixed(0)} ms (n=${measured.n}); imports ok ${f.counts.ok}, 429 ${f.counts.limited}, other ${f.counts.other} ${f.counts.otherSample}`,
  );
  return out;
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const t0 = now();
  if (!opt['no-build'] || !fs.existsSync(path.join(REPO, 'dist/apps/embedded/src/main.js'))) {
    log('building (tsc)');
    execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const { LIMITS } = await import(pathToFileURL(path.join(REPO, 'dist/libs/config/src/index.js')).href);
  const loadBefore = os.loadavg();
  const results = { mode: opt.distributed ? 'distributed' : 'embedded', phases: {} };
  if (opt.distributed) {
    const base = process.env.CONCERTO_GATEWAY_URL;
    const dataDir = process.env.DATA_DIR;
    if (!base || !dataDir) {
      throw new Error('--distributed needs CONCERTO_GATEWAY_URL and DATA_DIR: eval "$(deploy/local/stack.sh env)"');
    }
    await waitReady(base, 10_000);
    Object.assign(results.phases, await runPhases(base, await tokensFor(dataDir), LIMITS, 'flood', true));
  } else {
    // Alert intake's own budget is not under test: only the flooder's write budget is.
    const common = { ALERT_RATE_LIMIT_PER_MINUTE: '1000000' };
    log('embedded engine with the default write budget');
    let engine = await startEmbedded(common);
    try {
      Object.assign(
        results.phases,
        await runPhases(engine.base, await tokensFor(engine.dataDir), LIMITS, 'flood', true),
      );
    } finally {
      await engine.stop();
    }
    log('embedded engine with the write and import budgets out of reach');
    engine = await startEmbedded({
      ...common,
      WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
      CALENDAR_IMPORT_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    try {
      const raw = await runPhases(engine.base, await tokensFor(engine.dataDir), LIMITS, 'flood-raw', true);
      results.phases['quiet-raw'] = raw.quiet;
      results.phases['flood-raw'] = raw['flood-raw'];
    } finally {
      await engine.stop();
    }
  }
  results.machine = {
    cpu: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    loadBefore: loadBefore.map((l) => l.toFixed(2)).join(' '),
    loadAfter: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
  results.elapsedS = Math.round((now() - t0) / 1000);
  if (opt.json) {
    fs.writeFileSync(opt.json, JSON.stringify(results, null, 2));
  }
  const verdicts = report(results);
  process.exit(verdicts.every(Boolean) ? 0 : 1);
}

function report(r) {
  const P = r.phases;
  const rows = [];
  const verdicts = [];
  // A phase whose alerts mostly failed (a 429 from an intake budget, say) measured nothing: it fails.
  const expected = Math.floor(DURATION_MS / INTERVAL_MS);
  const enough = (s) => s.n >= 0.9 * expected;
  const line = (label, s, quiet, imports) => {
    const ratio = quiet ? s.p99 / quiet.p99 : undefined;
    if (!enough(s)) {
      verdicts.push(false);
      log(`${label}: only ${s.n} of about ${expected} alerts were handled: no verdict`);
    } else if (ratio !== undefined) {
      verdicts.push(ratio <= 2 && enough(quiet));
    }
    rows.push(
      `| ${label} | ${s.n} | ${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.p99.toFixed(0)} | ${s.max.toFixed(0)} | ${s.acceptedP99.toFixed(0)} | ${
        ratio === undefined ? '' : enough(s) ? `${ratio.toFixed(2)} ${ratio <= 2 ? '✓' : '✗'}` : 'too few alerts ✗'
      } | ${imports ? `${imports.ok} / ${imports.limited}` : ''} |`,
    );
  };
  line('quiet', P.quiet);
  line('flood (budgets as configured)', P.flood, P.quiet, P.flood.imports);
  if (P['flood-raw']) {
    line('quiet (second engine)', P['quiet-raw']);
    line('flood, budgets out of reach', P['flood-raw'], P['quiet-raw'], P['flood-raw'].imports);
  }
  const out = [
    `Starvation benchmark, ${r.mode} mode: urgent alert → case readable by its coordinator, one alert every ${INTERVAL_MS} ms for ${DURATION_MS / 1000} s per phase;`,
    `flooder: ${FLOODERS} connections re-importing a ${P.calendarBytes}-byte calendar (${P.busyPeriods} busy periods).`,
    `Machine: ${r.machine.cpu}, ${r.machine.memory}, Node ${r.machine.node}; load average before ${r.machine.loadBefore}, after ${r.machine.loadAfter}; ${r.elapsedS} s in all.`,
    '',
    '| phase | alerts | p50 ms | p95 ms | p99 ms | max ms | p99 until 201 ms | p99 ÷ quiet p99 (≤ 2) | imports 200 / 429 |',
    '| ----- | -----: | -----: | -----: | -----: | -----: | ---------------: | --------------------- | ----------------- |',
    ...rows,
    '',
  ];
  process.stdout.write(out.join('\n'));
  return verdicts;
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(2);
});
