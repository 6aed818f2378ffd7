/* global window, document, PerformanceObserver, requestAnimationFrame -- page.evaluate callbacks run in the browser. */
// Web app benchmark (issue 16, point 7): a measurement, not a timed test.
//  1. First load: the gzipped JavaScript that index.html loads (entry + modulepreloads), from dist/web.
//     Goal: under 300 KB.
//  2. Worklist of 1 000 cases in the system Chromium: the built app against a stub of the three routes it
//     reads (/auth/me, /v1/cases, /v1/cases/stream), so the figure is the app's rendering alone. Reports the
//     time until the list is shown (its first rows, aria-rowcount = 1 000 + header) and the long tasks
//     (> 50 ms, the browser's own jank measure) during it; then scrolls the list's own scroll box to its
//     end, one screen per frame, and reports the long tasks of the scroll separately, and how many rows
//     the DOM held at most (the window, not the list).
//  Results and the before/after figures: bench/web/README.md.
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
// The list is held back until the bench releases it, so the app's own start (script evaluation, first
// render of the shell) is measured apart from the rendering of the list.
let listAsked;
let listRequested = new Promise((r) => (listAsked = r));
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/auth/me') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(me);
  } else if (path === '/v1/cases') {
    listAsked(() => res.writeHead(200, { 'content-type': 'application/json' }).end(worklist));
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
    listRequested = new Promise((r) => (listAsked = r));
    await page.goto(`${base}/cases`);
    const release = await listRequested;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const bootTasks = await page.evaluate(() => window.__longTasks.splice(0));
    const started = Date.now();
    release();
    await page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid=worklist]')?.getAttribute('aria-rowcount') === String(n + 1) &&
        document.querySelectorAll('[data-testid=worklist] tbody tr[aria-rowindex]').length > 0,
      CASES,
      { timeout: 120_000 },
    );
    const rowsAfterMs = Date.now() - started;
    // Let the first render's tasks settle, then count only the scroll's.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const renderTasks = await page.evaluate(() => window.__longTasks.splice(0));
    // Scroll through the whole list, a screen per frame, as a coordinator flicking through it would.
    const scroll = await page.evaluate(async () => {
      const box = document.querySelector('.worklist-scroll') ?? document.scrollingElement;
      let maxRows = 0;
      let frames = 0;
      while (box.scrollTop + box.clientHeight < box.scrollHeight - 1) {
        box.scrollTop += box.clientHeight;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        maxRows = Math.max(maxRows, document.querySelectorAll('[data-testid=worklist] tbody tr').length);
        frames += 1;
      }
      const lastRow = document.querySelector('[data-testid=worklist] tbody tr[aria-rowindex]:last-of-type');
      return { maxRows, frames, lastIndex: Number(lastRow?.getAttribute('aria-rowindex') ?? 0) };
    });
    const scrollTasks = await page.evaluate(() => window.__longTasks.splice(0));
    runs.push({
      bootLongestMs: Math.round(Math.max(0, ...bootTasks)),
      rowsAfterMs,
      renderTasks: renderTasks.length,
      renderLongestMs: Math.round(Math.max(0, ...renderTasks)),
      scrollTasks: scrollTasks.length,
      scrollLongestMs: Math.round(Math.max(0, ...scrollTasks)),
      ...scroll,
    });
    await page.close();
  }
  console.log(`Worklist of ${CASES} cases (3 runs, stubbed API, system Chromium):`);
  for (const r of runs) {
    console.log(
      `  app start: longest task ${r.bootLongestMs} ms; list shown after ${r.rowsAfterMs} ms: ${r.renderTasks} long task(s), the longest ${r.renderLongestMs} ms; ` +
        `scroll to the end (${r.frames} screens, last row ${r.lastIndex - 1} of ${CASES}, at most ${r.maxRows} rows in the DOM): ` +
        `${r.scrollTasks} long task(s), the longest ${r.scrollLongestMs} ms`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
process.exitCode = totalKb < BUDGET_KB ? 0 : 1;
