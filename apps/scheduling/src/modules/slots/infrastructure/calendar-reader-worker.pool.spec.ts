import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { CalendarImportError, type CalendarWindow } from '../domain/calendar-import.js';
import { CalendarReaderWorkerPool } from './calendar-reader-worker.pool.js';
import { readIcalCalendar } from './ical-calendar-reader.js';

// The worker runs plain JavaScript: the slots context and libs/ddd are transpiled into a directory
// under node_modules/.cache, so that the worker's `import 'ical.js'` resolves to the project's copy.
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

beforeAll(() => {
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  outDir = mkdtempSync(join(ROOT, 'node_modules/.cache/calendar-reader-worker-'));
  writeFileSync(
    join(outDir, 'package.json'),
    JSON.stringify({ type: 'module', imports: { '#concerto/*': './libs/*/src/index.js' } }),
  );
  transpileTree(join(SLOTS, 'domain'), () => true);
  transpileTree(join(SLOTS, 'infrastructure'), (f) =>
    /^(calendar-reader\.worker|calendar-reader-worker\.pool|ical-calendar-reader|windows-zones)\.ts$/.test(f),
  );
  transpileTree(join(ROOT, 'libs/ddd/src'), () => true);
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const workerUrl = (): URL =>
  pathToFileURL(join(outDir, relative(ROOT, SLOTS), 'infrastructure', 'calendar-reader.worker.js'));
const WINDOW: CalendarWindow = { start: new Date('2026-11-01T23:00:00Z'), end: new Date('2026-11-15T23:00:00Z') };
const google = readFileSync(new URL('./calendar-corpus/google.ics', import.meta.url), 'utf8');
const hostile = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  'UID:x',
  'DTSTART:20100101T000000Z',
  'DURATION:PT1M',
  'RRULE:FREQ=MINUTELY',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe(CalendarReaderWorkerPool.name, () => {
  it('returns what the in-thread reader returns', async () => {
    const pool = new CalendarReaderWorkerPool({ workerUrl: workerUrl() });
    try {
      const result = await pool.read(google, { window: WINDOW });
      const inline = readIcalCalendar(google, { window: WINDOW });
      expect(result.busy.map((b) => [b.start.getTime(), b.end.getTime()])).toEqual(
        inline.busy.map((b) => [b.start.getTime(), b.end.getTime()]),
      );
      expect(result.warnings).toEqual(inline.warnings);
      expect(result.window).toEqual(WINDOW);
    } finally {
      await pool.close();
    }
  });

  it('rejects a hostile file with the same CalendarImportError (422), and keeps the event loop serving meanwhile', async () => {
    const pool = new CalendarReaderWorkerPool({ workerUrl: workerUrl() });
    try {
      await pool.read(google, { window: WINDOW }); // the worker is started and warm
      const order: string[] = [];
      const reading = pool
        .read(hostile, { window: { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2027-11-01T00:00:00Z') } })
        .then(
          () => order.push('read'),
          (error: unknown) => {
            order.push('refused');
            return error;
          },
        );
      // A request arriving while the worker expands: answered from the main thread before the read ends.
      await new Promise((resolve) => setImmediate(resolve));
      order.push('served');
      const error = await reading;
      expect(order).toEqual(['served', 'refused']);
      expect(error).toBeInstanceOf(CalendarImportError);
      expect(error).toMatchObject({ code: 'ICAL_TOO_COMPLEX', kind: 'invalid' });
      expect(pool.stats()).toEqual({ workers: 1, running: 0, queued: 0 });
    } finally {
      await pool.close();
    }
  });

  it('refuses a read that outlives the timeout with a 422 and replaces the worker', async () => {
    const pool = new CalendarReaderWorkerPool({ workerUrl: workerUrl(), timeoutMs: 1 });
    try {
      await expect(pool.read(hostile, { window: WINDOW })).rejects.toMatchObject({
        code: 'ICAL_TOO_COMPLEX',
        kind: 'invalid',
      });
      expect(pool.stats().running).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
