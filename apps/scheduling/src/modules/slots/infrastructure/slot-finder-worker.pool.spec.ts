import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setEnvironmentData } from 'node:worker_threads';
import ts from 'typescript';
import { AppException } from '#concerto/ddd';
import { findSlots } from '../domain/slot-finder.js';
import { SlotSearchError } from '../domain/slot-search.exception.js';
import type { Participant, SlotSearch } from '../domain/slot-search.types.js';
import { SlotFinderWorkerPool } from './slot-finder-worker.pool.js';

// A worker thread runs plain JavaScript, not the TypeScript that Jest transforms, so the worker and
// the code it imports are transpiled into a temporary package with the same #concerto import map.
const ROOT = fileURLToPath(new URL('../../../../../../', import.meta.url));
const SLOTS = fileURLToPath(new URL('../', import.meta.url));
let outDir: string;

function transpileTree(dir: string, keep: (file: string) => boolean): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && keep(f))) {
    const { outputText } = ts.transpileModule(readFileSync(join(dir, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const target = join(outDir, relative(ROOT, dir), file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
}

const workerFile = (...parts: string[]): URL => pathToFileURL(join(outDir, ...parts));
const stub = (name: string, body: string): URL => {
  writeFileSync(join(outDir, name), `import { getEnvironmentData, parentPort } from 'node:worker_threads';\n${body}\n`);
  return workerFile(name);
};

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'slot-finder-worker-'));
  writeFileSync(
    join(outDir, 'package.json'),
    JSON.stringify({ type: 'module', imports: { '#concerto/*': './libs/*/src/index.js' } }),
  );
  transpileTree(join(SLOTS, 'domain'), () => true);
  transpileTree(
    join(SLOTS, 'infrastructure'),
    (f) => f === 'slot-finder.worker.ts' || f === 'slot-finder-worker.protocol.ts',
  );
  transpileTree(join(ROOT, 'libs/ddd/src'), () => true);
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const realWorker = (): URL => workerFile(relative(ROOT, SLOTS), 'infrastructure', 'slot-finder.worker.js');

function team(seed: number): Participant[] {
  const busy = (day: number, hour: number, minutes: number) => ({
    start: new Date(Date.UTC(2026, 9, 19 + day, hour, (seed * 7) % 60)),
    end: new Date(Date.UTC(2026, 9, 19 + day, hour, (seed * 7) % 60) + minutes * 60_000),
  });
  const office = {
    mon: ['08:30-17:00'],
    tue: ['08:30-17:00'],
    wed: ['08:30-12:30'],
    thu: ['08:30-17:00'],
    fri: ['08:30-16:00'],
  };
  return [
    {
      id: 'person',
      kind: 'person',
      required: false,
      remoteCapable: false,
      needsStepFreeAccess: true,
      busy: [busy(0, 9, 90), busy(2, 13, 60)],
      availabilityKnown: true,
    },
    {
      id: 'gp',
      kind: 'professional',
      role: 'gp',
      required: false,
      remoteCapable: true,
      weeklyHours: office,
      busy: [busy(0, 7, 240), busy(1, 8, 120 + seed)],
      availabilityKnown: true,
    },
    {
      id: 'nurse',
      kind: 'professional',
      role: 'home-nurse',
      required: true,
      remoteCapable: true,
      weeklyHours: office,
      busy: [busy(3, 10, 45)],
      availabilityKnown: true,
    },
    {
      id: 'social-worker',
      kind: 'professional',
      required: false,
      remoteCapable: true,
      busy: [],
      availabilityKnown: true,
    },
    { id: 'son', kind: 'relative', required: false, remoteCapable: true, busy: [], availabilityKnown: false },
  ];
}

function search(seed = 1): SlotSearch {
  return {
    participants: team(seed),
    durationMinutes: 60,
    earliest: new Date('2026-10-19T00:00:00+02:00'),
    deadline: new Date('2026-10-28T00:00:00+01:00'),
    bufferMinutes: 15,
    horizonDays: 10,
    locations: [
      {
        id: 'room',
        kind: 'room',
        capacity: 6,
        stepFree: true,
        busy: [{ start: new Date('2026-10-20T07:00:00Z'), end: new Date('2026-10-20T11:00:00Z') }],
      },
      { id: 'video', kind: 'video' },
    ],
  };
}

describe(SlotFinderWorkerPool.name, () => {
  it('returns exactly what the synchronous finder returns, for concurrent searches', async () => {
    const pool = new SlotFinderWorkerPool({ size: 2, workerUrl: realWorker() });
    try {
      const inputs = [1, 2, 3, 4, 5, 6].map(search);
      const results = await Promise.all(inputs.map((input) => pool.findSlots(input)));
      expect(results).toEqual(inputs.map((input) => findSlots(input)));
      expect(results[0].status).toBe('ok');
      // Dates survive the thread hop (structured clone); instanceof would compare Jest's realm with Node's.
      expect(Object.prototype.toString.call(results[0].slots[0].start)).toBe('[object Date]');
      expect(pool.stats()).toEqual({ workers: 2, running: 0, queued: 0 });
    } finally {
      await pool.close();
    }
  });

  it('rejects invalid input in the caller thread with a SlotSearchError, starting no worker', async () => {
    const pool = new SlotFinderWorkerPool({ workerUrl: realWorker() });
    await expect(pool.findSlots({ ...search(), horizonDays: 5 * 365 })).rejects.toMatchObject({
      name: 'SlotSearchError',
      field: 'horizonDays',
    });
    await expect(pool.findSlots({ ...search(), horizonDays: 5 * 365 })).rejects.toBeInstanceOf(SlotSearchError);
    expect(pool.stats().workers).toBe(0);
    await pool.close();
  });

  it('rejects input the worker finds invalid with the same SlotSearchError as in-thread', async () => {
    const pool = new SlotFinderWorkerPool({ size: 1, workerUrl: realWorker() });
    const input = search();
    const broken: SlotSearch = {
      ...input,
      participants: input.participants.map((p, i) =>
        i === 2 ? { ...p, busy: [{ start: new Date('nope'), end: new Date() }] } : p,
      ),
    };
    try {
      await expect(pool.findSlots(broken)).rejects.toMatchObject({
        name: 'SlotSearchError',
        field: 'participants[2].busy[0].start',
        kind: 'invalid',
      });
      expect(() => findSlots(broken)).toThrow(expect.objectContaining({ field: 'participants[2].busy[0].start' }));
    } finally {
      await pool.close();
    }
  });

  it('abandons a search that runs past the timeout and replaces the worker', async () => {
    const pool = new SlotFinderWorkerPool({
      size: 1,
      timeoutMs: 100,
      workerUrl: stub('silent.mjs', "parentPort.on('message', () => {});"),
    });
    await expect(pool.findSlots(search())).rejects.toMatchObject({ code: 'SLOT_FINDER_TIMEOUT', kind: 'unavailable' });
    expect(pool.stats()).toEqual({ workers: 0, running: 0, queued: 0 });
    await pool.close();
  });

  it('turns a crashed worker into an unavailable error and keeps serving', async () => {
    const pool = new SlotFinderWorkerPool({
      size: 1,
      workerUrl: stub('crash.mjs', "parentPort.on('message', () => process.exit(3));"),
    });
    await expect(pool.findSlots(search())).rejects.toMatchObject({ code: 'SLOT_FINDER_FAILED', kind: 'unavailable' });
    await expect(pool.findSlots(search())).rejects.toBeInstanceOf(AppException);
    await pool.close();
  });

  it('refuses searches beyond the queue limit and rejects waiting ones on close', async () => {
    const pool = new SlotFinderWorkerPool({
      size: 1,
      maxQueued: 1,
      timeoutMs: 10_000,
      workerUrl: stub('silent2.mjs', "parentPort.on('message', () => {});"),
    });
    const pending = Promise.allSettled([pool.findSlots(search()), pool.findSlots(search())]); // running, waiting
    await expect(pool.findSlots(search())).rejects.toMatchObject({ code: 'SLOT_FINDER_BUSY' });
    await pool.close();
    const outcomes = await pending;
    expect(outcomes.map((o) => o.status === 'rejected' && (o.reason as AppException).code)).toEqual([
      'SLOT_FINDER_CLOSED',
      'SLOT_FINDER_CLOSED',
    ]);
  });

  it('keeps the event loop free while a search runs', async () => {
    // The stub holds its search until a callback of the main thread has run (a shared flag): it
    // answers 'done' only if the main thread's event loop turned while the search was in the worker.
    const flag = new Int32Array(new SharedArrayBuffer(4));
    setEnvironmentData('main-thread-ran', flag);
    const pool = new SlotFinderWorkerPool({
      size: 1,
      workerUrl: stub(
        'held.mjs',
        "const flag = getEnvironmentData('main-thread-ran'); parentPort.on('message', () => { const woke = Atomics.wait(flag, 0, 0, 60000); parentPort.postMessage({ ok: true, result: woke === 'timed-out' ? 'main thread starved' : 'done' }); });",
      ),
    });
    try {
      const answer = pool.findSlots(search());
      setImmediate(() => {
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
      });
      await expect(answer).resolves.toBe('done');
    } finally {
      await pool.close();
    }
  });
});
