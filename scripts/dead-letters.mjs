#!/usr/bin/env node
// Dead letters: the events a consumer gave up on after its retries (ADR 0003).
//
//   npm run -s dead-letters -- list       every dead letter still kept: event id, consumer group, error, replayed or not
//   npm run -s dead-letters -- replay     send the ones not yet replayed back, once the cause is fixed
//   add --json for one JSON object per line
//
// Distributed mode (default): reads the `<topic>.dlt` topics. KAFKA_BROKERS as for the services (default
// 127.0.0.1:19092); for the local stack: `deploy/local/stack.sh dead-letters list`. Needs `npm run build`.
// Embedded mode: `--engine http://localhost:3000` asks the running engine (its admin API), with the token in
// CONCERTO_TOKEN, or else a development token of the demo user `admin` signed with DATA_DIR's keys.
// Replaying is safe: the event keeps its id, so the groups that had applied it skip it (inbox).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message, code = 2) {
  process.stderr.write(`dead-letters: ${message}\n`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, engine: { type: 'string' } },
  });
} catch (error) {
  fail(`usage: dead-letters list|replay [--json] [--engine URL] (${error.message})`);
}
const { values, positionals } = parsed;
const [command, ...extra] = positionals;
if (!['list', 'replay'].includes(command) || extra.length > 0) {
  fail(
    `usage: dead-letters list|replay [--json] [--engine URL]${extra.length ? ` (unknown: ${extra.join(' ')})` : ''}`,
  );
}

const letters = values.engine ? await fromEngine(values.engine) : await fromKafka();
if (values.json) {
  for (const d of letters) {
    process.stdout.write(`${JSON.stringify(d)}\n`);
  }
} else {
  for (const d of letters) {
    const where =
      d.id !== undefined ? `${d.deadLetterTopic}#${d.id}` : `${d.deadLetterTopic}/${d.partition}/${d.offset}`;
    const label = d.outcome
      ? d.outcome.toUpperCase()
      : d.replayed
        ? command === 'replay'
          ? 'REPLAYED'
          : 'replayed'
        : 'PENDING ';
    process.stdout.write(
      `${label}  ${where}  event ${d.eventId ?? '-'}  group ${d.consumerGroup ?? '-'}  attempts ${d.attempts ?? '-'}  at ${d.failedAt ?? '-'}\n          ${d.error ?? ''}\n`,
    );
  }
  const pending = letters.filter((d) => !d.replayed).length;
  const outcomes = (o) => letters.filter((d) => d.outcome === o).length;
  process.stdout.write(
    command === 'list'
      ? `${letters.length} dead letter(s), ${pending} not replayed\n`
      : values.engine
        ? `${letters.length} dead letter(s) replayed: ${outcomes('handled')} applied, ${outcomes('dead-lettered-again')} failed again, ${outcomes('no-such-consumer')} without their consumer\n`
        : `${letters.length} dead letter(s) sent back to their topic\n`,
  );
}

async function fromKafka() {
  const file = join(root, 'dist', 'libs', 'messaging', 'src', 'dead-letter-replay.js');
  if (!existsSync(file)) {
    fail('the engine is not built yet: run `npm run build` first', 1);
  }
  const { DeadLetterReplay } = await import(pathToFileURL(file).href);
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:19092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const tool = new DeadLetterReplay({ brokers });
  try {
    return command === 'list' ? await tool.list() : await tool.replay();
  } catch (error) {
    fail(
      `${command} failed against ${brokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`,
      1,
    );
  }
}

async function fromEngine(engine) {
  const url = new URL(command === 'list' ? '/v1/admin/dead-letters' : '/v1/admin/dead-letters/replay', engine);
  const token = process.env.CONCERTO_TOKEN || adminToken();
  let res;
  try {
    res = await fetch(url, {
      method: command === 'list' ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
  } catch (error) {
    fail(
      `${command} failed: no engine answers at ${engine} (${error.cause?.code ?? error.message}); start it with \`npm start\``,
      1,
    );
  }
  const body = await res.text();
  if (res.status === 404) {
    fail(
      `${engine} has no dead-letter API: it is not an embedded engine (for the distributed mode, leave out --engine)`,
      1,
    );
  }
  if (!res.ok) {
    fail(`${command} refused by ${engine}: HTTP ${res.status} ${body.slice(0, 300)}`, 1);
  }
  return JSON.parse(body);
}

/** The development issuer's token for the demo administrator: what `npm run -s token -- --user admin` prints. */
function adminToken() {
  try {
    return execFileSync(process.execPath, [join(root, 'scripts', 'token.mjs'), '--user', 'admin', '--ttl', '300'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
  } catch {
    fail('could not sign a development token for `admin` (see above): set CONCERTO_TOKEN to an administrator token', 1);
  }
}
