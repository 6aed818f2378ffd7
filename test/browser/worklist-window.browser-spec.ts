import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Browser, checkAccessibility, launchBrowser } from './kit.js';

/**
 * Issue 16, point 7: a worklist of 1 000 cases keeps only a window of rows in the DOM, and the
 * keyboard and the scroll both reach its last case. The built app (dist/web) runs against a stub of
 * the three routes the worklist reads, as bench/web does: no engine, so 1 000 cases cost nothing.
 */
describe('the worklist of 1 000 cases in the browser', () => {
  const CASES = 1000;
  const DIST = join(process.cwd(), 'dist', 'web');
  const items = Array.from({ length: CASES }, (_, i) => ({
    caseId: randomUUID(),
    bassinId: 'nord',
    status: 'opened',
    urgency: i < 10 ? 'urgent' : 'normal',
    type: 'not-seen',
    ownerId: 'coord-nord',
    escalationLevel: 0,
    unacknowledgedSignals: 1,
    // Urgent first, then by due date: the order the app sorts in is the order of the array.
    dueAt: new Date(Date.UTC(2030, 0, 1) + i * 60_000).toISOString(),
    overdue: false,
    needsBassinConfirmation: false,
    openedAt: new Date(Date.UTC(2029, 0, 1)).toISOString(),
  }));
  const lastRef = items[CASES - 1].caseId.slice(0, 8);
  let browser: Browser;
  let server: Server;
  let base: string;
  const signOuts: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error('dist/web is missing: the browser project builds it in its globalSetup');
    }
    const counts = {
      open: CASES,
      urgent: 10,
      unacknowledged: CASES,
      overdue: 0,
      escalated: 0,
      needsBassinConfirmation: 0,
    };
    const me = {
      userId: 'coord-nord',
      displayName: 'Coordinator',
      roles: ['coordinator'],
      bassins: ['nord'],
      language: 'en',
      csrfToken: 'x',
    };
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/auth/logout' && req.method === 'POST') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          signOuts.push(`${req.headers['content-type']} ${body}`);
          res.writeHead(303, { location: '/' }).end();
        });
      } else if (path === '/auth/me') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(me));
      } else if (path === '/v1/cases') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items, counts }));
      } else if (path === '/v1/cases/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' }).write('event: ready\ndata: {}\n\n');
      } else {
        const file = join(DIST, path.startsWith('/assets/') ? path : 'index.html');
        const type = { '.js': 'text/javascript', '.css': 'text/css' }[extname(file)] ?? 'text/html';
        res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('should keep a window of rows in the DOM and reach the last case by scrolling and by keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/cases`);
    const table = page.getByTestId('worklist');
    await page.getByRole('link', { name: `Open case ${items[0].caseId.slice(0, 8)}` }).waitFor();
    expect(await table.getAttribute('aria-rowcount')).toBe(String(CASES + 1));
    const rendered = () => page.locator('[data-testid=worklist] tbody tr[aria-rowindex]').count();
    expect(await rendered()).toBeLessThan(100);
    expect(await rendered()).toBeGreaterThan(5);
    await checkAccessibility(page, 'worklist of 1 000 cases (en)');

    // Scrolling the list's box to its end renders the last case, still as a window.
    await page.locator('.worklist-scroll').evaluate((box) => {
      box.scrollTop = box.scrollHeight;
    });
    const last = page.getByRole('link', { name: `Open case ${lastRef}` });
    await last.waitFor();
    expect(await last.locator('xpath=ancestor::tr').getAttribute('aria-rowindex')).toBe(String(CASES + 1));
    expect(await rendered()).toBeLessThan(100);

    // Keyboard: Home goes back to the first case, End to the last, ArrowDown to the next.
    await last.focus();
    await page.keyboard.press('Home');
    const focused = (ref: string) =>
      page.waitForFunction(
        `document.activeElement?.getAttribute('aria-label')?.endsWith(${JSON.stringify(ref)}) === true`,
      );
    await focused(items[0].caseId.slice(0, 8));
    await page.keyboard.press('ArrowDown');
    await focused(items[1].caseId.slice(0, 8));
    await page.keyboard.press('End');
    await focused(lastRef);
    await page.close();
  });

  it('should sign out with a top-level form post carrying the CSRF token (the engine may redirect to the provider)', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/cases`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/`);
    expect(signOuts).toEqual(['application/x-www-form-urlencoded csrfToken=x']);
    await page.close();
  });
});
