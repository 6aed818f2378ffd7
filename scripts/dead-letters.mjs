#!/usr/bin/env node
// Dead letters of the distributed mode: the events a consumer gave up on (`<topic>.dlt`, ADR 0003).
//
//   npm run -s dead-letters -- list       every dead letter still kept: event id, consumer group, error, replayed or not
//   npm run -s dead-letters -- replay     send the ones not yet replayed back to their topic, once the cause is fixed
//   add --json for one JSON object per line
//
// KAFKA_BROKERS as for the services (default 127.0.0.1:19092); for the local stack:
// `deploy/local/stack.sh dead-letters list`. Needs `npm run build` (it uses the engine's own code).
// Replaying is safe: the event keeps its id, so the groups that had applied it skip it (inbox).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'libs', 'messaging', 'src', 'dead-letter-replay.js');
const [command, ...flags] = process.argv.slice(2);
const json = flags.includes('--json');
const unknown = flags.filter((f) => f !== '--json');

function fail(message, code = 2) {
  process.stderr.write(`dead-letters: ${message}\n`);
  process.exit(code);
}

if (!['list', 'replay'].includes(command) || unknown.length > 0) {
  fail(`usage: dead-letters list|replay [--json]${unknown.length ? ` (unknown: ${unknown.join(' ')})` : ''}`);
}
if (!existsSync(compiled)) {
  fail('the engine is not built yet: run `npm run build` first', 1);
}
const { DeadLetterReplay } = await import(pathToFileURL(compiled).href);
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:19092').split(',').map((b) => b.trim()).filter(Boolean);
const tool = new DeadLetterReplay({ brokers });

let letters;
try {
  letters = command === 'list' ? await tool.list() : await tool.replay();
} catch (error) {
  fail(`${command} failed against ${brokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`, 1);
}
if (json) {
  for (const d of letters) process.stdout.write(`${JSON.stringify(d)}\n`);
} else {
  for (const d of letters) {
    process.stdout.write(
      `${d.replayed ? (command === 'replay' ? 'REPLAYED' : 'replayed') : 'PENDING '}  ${d.deadLetterTopic}/${d.partition}/${d.offset}  event ${d.eventId ?? '-'}  group ${d.consumerGroup ?? '-'}  attempts ${d.attempts ?? '-'}  at ${d.failedAt ?? '-'}\n          ${d.error ?? ''}\n`,
    );
  }
  const pending = letters.filter((d) => !d.replayed).length;
  process.stdout.write(command === 'list' ? `${letters.length} dead letter(s), ${pending} not replayed\n` : `${letters.length} dead letter(s) sent back to their topic\n`);
}
