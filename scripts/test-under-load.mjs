#!/usr/bin/env node
// Runs the whole test suite (`npm test`) several times in a row while busy-loop processes keep
// every core busy beside it: a test that depends on timing (a fixed sleep, a tight deadline, a
// wall-clock bound) fails here long before it fails in CI. Stops at the first failed run.
//
//   npm run test:under-load                       3 runs, one hog per core
//   RUNS=5 HOGS=4 npm run test:under-load          more runs, more hogs
//   npm run test:under-load -- apps/embedded       arguments go to every `npm test`
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const runs = positive('RUNS', 3);
const hogCount = positive('HOGS', Math.max(2, availableParallelism()));
const testArgs = process.argv.slice(2);

function positive(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`${name} must be a positive integer, not ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
}

// Each hog is a node process spinning forever; they are killed on every way out of this script.
const hogs = Array.from({ length: hogCount }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopHogs = () => {
  for (const hog of hogs) {
    if (hog.exitCode === null && hog.signalCode === null) {
      hog.kill('SIGKILL');
    }
  }
};
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopHogs();
    process.exit(130);
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = [];
let failed = false;
console.log(
  `[under-load] ${hogCount} busy-loop processes started (pids ${hogs.map((h) => h.pid).join(', ')}); ${runs} run(s) of npm test${testArgs.length ? ` -- ${testArgs.join(' ')}` : ''}`,
);
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  console.log(`[under-load] run ${run}/${runs} starting`);
  // A run ended by a signal (killed from outside) is reported as such, apart from a failed run.
  const { code, signal } = await new Promise((resolve) => {
    const child = spawn(npm, ['test', ...(testArgs.length ? ['--', ...testArgs] : [])], { stdio: 'inherit' });
    child.on('exit', (exitCode, exitSignal) => resolve({ code: exitCode ?? 1, signal: exitSignal }));
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  const outcome = signal ? `KILLED by ${signal}` : code === 0 ? 'passed' : `FAILED (exit ${code})`;
  results.push({ run, passed: code === 0 && !signal, seconds, outcome });
  console.log(`[under-load] run ${run}/${runs} ${outcome} in ${seconds} s`);
  if (code !== 0 || signal) {
    failed = true;
    break;
  }
}
stopHogs();
console.log('[under-load] summary');
for (const r of results) {
  console.log(`[under-load]   run ${r.run}: ${r.outcome} in ${r.seconds} s`);
}
console.log(
  failed
    ? '[under-load] FAILED: the suite is not stable under load'
    : `[under-load] ${runs} run(s) in a row passed under load`,
);
process.exit(failed ? 1 : 0);
