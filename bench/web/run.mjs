/* global window, document, PerformanceObserver, requestAnimationFrame -- page.evaluate callbacks run in the browser. */
// Web app benchmark (issue 16, point 7): a measurement, not a timed test.
//  1. First load: the gzipped JavaScript that index.html loads (entry + modulepreloads), from dist/web.
//     Goal: under 300 KB.
//  2. Worklist of 1 000 cases in the system Chromium: the built app against a stub of the three routes it
//     reads (/auth/me, /v1/cases, /v1/cases/stream), so the figure is the app's rendering alone. Reports the
//     time to 1 000 rows and the long tasks (> 50 ms, the browser's own jank measure) during it.
// Usage: npm run build && npm run -s bench:web   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, extname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const DIST = join(process.cwd(), 'dist', 'web');
const BUDGET_KB = 300;
const CASES = Number(process.env.BENCH_WEB_CASES ?? 1000);

if (!existsSync(join(DIST, 'index.html'))) {
  console.error('dist/web/index.html is missing: run `npm run build` first.');
  process.exit(1);
}

// 1. First-load JavaScript, gzipped as a server would send it.
const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map(
  (m) => m[1],
);
const firstLoad = scripts.map((file) => ({
  file,
  gzip: gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length,
}));
const totalKb = firstLoad.reduce((sum, f) => sum + f.gzip, 0) / 1024;
console.log(`First load: ${firstLoad.length} script(s), ${totalKb.toFixed(1)} KB gzipped (goal < ${BUDGET_KB} KB)`);
for (const f of firstLoad) {
  console.log(`  ${f.file}: ${(f.gzip / 1024).toFixed(1)} KB`);
}

// 2. The worklist with 1 000 cases.
const now = Date.now();
const items = Array.from({ length: CASES }, (_, i) => ({
  caseId: randomUUID(),
  bassinId: 'nord',
  status: i % 3 === 0 ? 'opened' : 'acknowledged',
  urgency: i % 4 === 0 ? 'urgent' : 'normal',
  type: 'not-seen',
  ownerId: 'coord-nord',
  escalationLevel: 0,
  unacknowledgedSignals: i % 3 === 0 ? 1 : 0,
  dueAt: new Date(now + i * 60_000).toISOString(),
  overdue: i % 17 === 0,
  needsBassinConfirmation: false,
  openedAt: new Date(now - i * 60_000).toISOString(),
}));
const worklist = JSON.stringify({
  items,
  counts: {
    open: CASES,
    urgent: CASES / 4,
    unacknowledged: CASES / 3,
    overdue: 0,
    escalated: 0,
    needsBassinConfirmation: 0,
  },
});
const me = JSON.stringify({
  userId: 'coord-nord',
  displayName: 'Coordinator North',
  roles: ['coordinator'],
  bassins: ['nord'],
  language: 'fr',
  csrfToken: 'bench',
});
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/auth/me') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(me);
  } else if (path === '/v1/cases') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(worklist);
  } else if (path === '/v1/cases/stream') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: ready\ndata: {}\n\n');
  } else {
    const file = join(DIST, path.startsWith('/assets/') ? path : 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const runs = [];
  for (let run = 0; run < 3; run += 1) {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.__longTasks.push(e.duration);
        }
      }).observe({ type: 'longtask', buffered: true });
    });
    const started = Date.now();
    await page.goto(`${base}/cases`);
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=worklist] tbody tr').length === n,
      CASES,
      {
        timeout: 120_000,
      },
    );
    const rowsAfterMs = Date.now() - started;
    // Scroll through the whole list, as a coordinator would, and count the jank it causes.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 800) {
        window.scrollTo(0, y);
        await new Promise((r) => requestAnimationFrame(r));
      }
    });
    const longTasks = await page.evaluate(() => window.__longTasks);
    runs.push({ rowsAfterMs, longTasks: longTasks.length, longestMs: Math.round(Math.max(0, ...longTasks)) });
    await page.close();
  }
  console.log(`Worklist of ${CASES} cases (3 runs, stubbed API, system Chromium):`);
  for (const r of runs) {
    console.log(`  ${r.rowsAfterMs} ms to ${CASES} rows; ${r.longTasks} long task(s), the longest ${r.longestMs} ms`);
  }
} finally {
  await browser.close();
  server.close();
}
process.exitCode = totalKb < BUDGET_KB ? 0 : 1;
