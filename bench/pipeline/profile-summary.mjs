#!/usr/bin/env node
// Where a process's CPU goes, from a V8 `.cpuprofile` (node --cpu-prof): self time grouped by package
// (node_modules/<pkg>), by engine lib or app (dist/libs/<lib>, dist/apps/<app>), by bench file, Node's
// own internals, GC and native code. Idle time is left out; shares are of the busy time.
//
//   node bench/pipeline/profile-summary.mjs FILE.cpuprofile [...]   one table per file (markdown)
//   node bench/pipeline/profile-summary.mjs --top 12 FILE...        rows kept per table (default 15)
//   node bench/pipeline/profile-summary.mjs --skip 30 FILE...       leave out the first 30 s (start-up)
//   node bench/pipeline/profile-summary.mjs --buckets FILE...       one table, a column per file, rows = the buckets below
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let top = 15;
let skipUs = 0;
let buckets = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') {
    top = Number(args[++i]);
  } else if (args[i] === '--skip') {
    skipUs = Number(args[++i]) * 1e6;
  } else if (args[i] === '--buckets') {
    buckets = true;
  } else {
    files.push(args[i]);
  }
}

function category(frame) {
  const url = frame.url || '';
  const fn = frame.functionName;
  if (!url) {
    if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)' || fn === '(root)') {
      return fn;
    }
    return '(native)';
  }
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const lib = /\/dist\/(libs|apps)\/([^/]+)\//.exec(url);
  if (lib) {
    return `${lib[1]}/${lib[2]}`;
  }
  if (url.includes('/bench/pipeline/')) {
    return `bench/${path.basename(url)}`;
  }
  if (url.startsWith('node:')) {
    const m = /^node:(internal\/)?([^/]+)/.exec(url);
    return `node:${m ? m[2] : url}`;
  }
  return url;
}

/** Coarser groups, to compare the engine's processes with the bare ones. */
const BUCKETS = [
  [
    'web framework (Nest, Express, body-parser, router, class-validator/-transformer, reflect-metadata, rxjs)',
    (c) =>
      /^(@nestjs\/|express$|body-parser|router$|raw-body|content-type|class-validator|class-transformer|reflect-metadata|rxjs|path-to-regexp|finalhandler|send$|qs$|type-is|on-finished|iconv-lite)/.test(
        c,
      ),
  ],
  ['ORM (TypeORM)', (c) => c === 'typeorm'],
  ['event schema validation (ajv)', (c) => /^ajv/.test(c)],
  ['PostgreSQL driver (pg, pg-protocol, pg-pool)', (c) => /^pg(-|$)/.test(c)],
  ['Kafka client (kafkajs)', (c) => c === 'kafkajs'],
  ['Redis and queue (ioredis, bullmq)', (c) => c === 'ioredis' || c === 'bullmq'],
  ['JWT (jose)', (c) => c === 'jose'],
  ['engine code (dist/libs, dist/apps)', (c) => /^(libs|apps)\//.test(c)],
  ['bench code (bare/*.mjs)', (c) => c.startsWith('bench/')],
  ['fetch (undici, web streams)', (c) => c === 'node:deps' || c === 'node:webstreams'],
  ['AsyncLocalStorage and async hooks', (c) => c === 'node:async_hooks'],
  ['crypto (hashes, HMAC, UUIDs, signatures)', (c) => c === 'node:crypto'],
  ['other Node internals (net, http, streams, events, timers, buffers)', (c) => c.startsWith('node:')],
  ['native code (syscalls, JSON, V8 builtins)', (c) => c === '(native)' || c === '(program)'],
  ['garbage collector', (c) => c === '(garbage collector)'],
];

function bucketOf(c) {
  return BUCKETS.find(([, test]) => test(c))?.[0] ?? 'other packages';
}

const columns = [];
for (const file of files) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i] is the time before samples[i].
  let t = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    const node = byId.get(prof.samples[i]);
    const dt = prof.timeDeltas[i] ?? 0;
    t += dt;
    if (t - prof.startTime < skipUs) {
      continue;
    }
    const c = category(node.callFrame);
    self.set(c, (self.get(c) ?? 0) + dt);
  }
  const idle = self.get('(idle)') ?? 0;
  self.delete('(idle)');
  self.delete('(root)');
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  const wall = (prof.endTime - prof.startTime - skipUs) / 1000;
  if (buckets) {
    const b = new Map();
    for (const [c, us] of self) {
      b.set(bucketOf(c), (b.get(bucketOf(c)) ?? 0) + us);
    }
    columns.push({ name: path.basename(file, '.cpuprofile'), busy, b });
    continue;
  }
  console.log(
    `\n**${path.basename(file)}**: ${(busy / 1000).toFixed(0)} ms busy of ${wall.toFixed(0)} ms profiled (idle ${(idle / 1000).toFixed(0)} ms)\n`,
  );
  console.log('| Self time in | ms | % of busy |');
  console.log('|---|---|---|');
  const rows = [...self].sort((a, b) => b[1] - a[1]);
  for (const [c, us] of rows.slice(0, top)) {
    console.log(`| ${c} | ${(us / 1000).toFixed(0)} | ${((100 * us) / busy).toFixed(1)} |`);
  }
  const rest = rows.slice(top).reduce((a, [, us]) => a + us, 0);
  if (rest > 0) {
    console.log(`| (${rows.length - top} more) | ${(rest / 1000).toFixed(0)} | ${((100 * rest) / busy).toFixed(1)} |`);
  }
}
if (buckets) {
  console.log(`| % of busy CPU | ${columns.map((c) => c.name).join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---').join('|')}|`);
  console.log(`| busy CPU in the profile, ms | ${columns.map((c) => (c.busy / 1000).toFixed(0)).join(' | ')} |`);
  for (const name of [...BUCKETS.map(([n]) => n), 'other packages']) {
    if (columns.every((c) => !c.b.get(name))) {
      continue;
    }
    console.log(`| ${name} | ${columns.map((c) => (((c.b.get(name) ?? 0) * 100) / c.busy).toFixed(1)).join(' | ')} |`);
  }
}
