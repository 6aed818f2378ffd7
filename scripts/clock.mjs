#!/usr/bin/env node
// The development clock (DEV_CLOCK_CONTROL=true): how far ahead of real time the engine's
// processes run. They read DATA_DIR/clock-offset-ms about five times a second.
//
//   npm run -s clock -- advance 25h     jump forward (units: d, h, m, s; e.g. 2d, 90m, 1h30m)
//   npm run -s clock -- set 3d          set the offset itself
//   npm run -s clock -- show            print the offset and the engine's "now"
//   npm run -s clock -- reset           back to real time
//
// DATA_DIR as for the engine (default .data); for the local stack: `deploy/local/stack.sh clock …`.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const file = join(process.env.DATA_DIR || '.data', 'clock-offset-ms');
const UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

function parseDuration(text) {
  const parts = [...String(text ?? '').matchAll(/(\d+)([dhms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    fail(`not a duration: '${text ?? ''}' (examples: 25h, 2d, 90m, 1h30m)`);
  }
  return parts.reduce((ms, [, n, unit]) => ms + Number(n) * UNITS[unit], 0);
}

function current() {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  } catch {
    return 0;
  }
}

function write(ms) {
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed, so a process never reads half a number.
  writeFileSync(`${file}.tmp`, `${ms}\n`);
  renameSync(`${file}.tmp`, file);
}

function fail(message) {
  process.stderr.write(`clock: ${message}\n`);
  process.exit(2);
}

function describe(ms) {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  return `${ms} ms (${h} h ${m} min); engine time ${new Date(Date.now() + ms).toISOString()} (${file})`;
}

const [command, arg] = process.argv.slice(2);
switch (command) {
  case 'advance':
    write(current() + parseDuration(arg));
    break;
  case 'set':
    write(parseDuration(arg));
    break;
  case 'reset':
    write(0);
    break;
  case 'show':
  case undefined:
    break;
  default:
    fail(`unknown command '${command}' (advance <duration> | set <duration> | show | reset)`);
}
process.stdout.write(`clock offset ${describe(current())}\n`);
