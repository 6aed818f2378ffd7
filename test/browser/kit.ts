/**
 * The browser-test kit (issue 16, point 5): a real Chromium (Debian's `chromium`, never a downloaded
 * browser) driven by playwright-core, axe-core for accessibility, and screenshots for docs/screens/.
 *
 *   const browser = await launchBrowser();
 *   const target = await startBrowserTarget();          // embedded engine, or the stack's gateway
 *   const page = await browser.newPage({ locale: 'fr-BE' });
 *   await target.signIn(page, 'coord-nord');            // browser session cookie, as a person would get it
 *   await page.goto(`${target.baseUrl}/`);
 *   await checkAccessibility(page, 'worklist (fr)');    // throws on serious/critical violations
 *   await saveScreen(page, 'worklist', 'fr');            // docs/screens/worklist.fr.png
 *   await target.close(); await browser.close();
 *
 * BROWSER_TARGET=stack (jest.stack.config.js, project `browser`) runs the same specs against the
 * running distributed stack, through its gateway (CONCERTO_GATEWAY_URL, as test/stack/stack-client.ts).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Clock } from '#concerto/ddd';
import { startTestEngine, type TestEngine } from '#concerto/testing';
import type { ConcertoConfig } from '#concerto/config';
import { GATEWAY_URL } from '../stack/stack-client.js';

export type { Browser, BrowserContext, Page } from 'playwright-core';

export type ScreenLanguage = 'fr' | 'nl' | 'en';

export interface BrowserTarget {
  /** Where the engine answers, without a trailing slash (the web app is at `${baseUrl}/`). */
  baseUrl: string;
  /** 'embedded' (default) or 'stack' (BROWSER_TARGET=stack). */
  kind: 'embedded' | 'stack';
  /** The embedded engine (supertest, tokens, SQL) when kind is 'embedded'. */
  engine?: TestEngine;
  /**
   * Signs the page's browser context in as a demo user through the development sign-in
   * (POST /auth/dev): the context then holds the httpOnly session cookie, exactly as after
   * choosing the user on /auth/dev.
   */
  signIn(page: Page, userId: string): Promise<void>;
  close(): Promise<void>;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The system Chromium, headless. Tests run as root in CI, hence no sandbox. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** A free loopback port, so the engine's PUBLIC_BASE_URL (links in messages) can name it before it listens. */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function devSignIn(page: Page, baseUrl: string, userId: string): Promise<void> {
  // page.request shares the browser context's cookie jar: the session cookie lands in the browser.
  const res = await page.request.post(`${baseUrl}/auth/dev`, { form: { userId }, maxRedirects: 0 });
  if (res.status() >= 400) {
    throw new Error(`Development sign-in as ${userId} failed: ${res.status()} ${await res.text()}`);
  }
}

/**
 * The engine the browser talks to: a fresh embedded engine listening on a free loopback port
 * (default), or the running stack's gateway when BROWSER_TARGET=stack.
 */
export async function startBrowserTarget(
  opts: { config?: Partial<Record<keyof ConcertoConfig, string>>; clock?: Clock } = {},
): Promise<BrowserTarget> {
  if (process.env.BROWSER_TARGET === 'stack') {
    const baseUrl = GATEWAY_URL;
    return {
      baseUrl,
      kind: 'stack',
      signIn: (page, userId) => devSignIn(page, baseUrl, userId),
      close: async () => {},
    };
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const engine = await startTestEngine({
    config: { PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...opts.config },
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  await engine.engine.app.listen(port, '127.0.0.1');
  return {
    baseUrl,
    kind: 'embedded',
    engine,
    signIn: (page, userId) => devSignIn(page, baseUrl, userId),
    close: () => engine.close(),
  };
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

const AXE_SOURCE = resolve('node_modules/axe-core/axe.min.js');

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now and throws, listing
 * them, when any violation is serious or critical. Returns every violation (minor/moderate too).
 */
export async function checkAccessibility(page: Page, label: string): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate('typeof window.axe === "object"');
  if (!hasAxe) {
    // Evaluated through the DevTools protocol, not as a <script> tag: the engine's CSP forbids inline scripts.
    await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
  }
  const violations = await page.evaluate<AxeViolation[]>(
    `window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  );
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length > 0) {
    const list = blocking
      .map(
        (v) =>
          `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
          v.nodes
            .slice(0, 5)
            .map(
              (n) =>
                `    at ${JSON.stringify(n.target)}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
            )
            .join('\n'),
      )
      .join('\n');
    throw new Error(`Accessibility violations on ${label} (${page.url()}):\n${list}`);
  }
  return violations;
}

export const SCREENS_DIR = resolve('docs/screens');

/**
 * A full-page screenshot for the README: docs/screens/<name>.<lang>.png. Returns its path. Against
 * the stack (BROWSER_TARGET=stack) it writes nothing, so docs/screens/ always shows the embedded engine.
 */
export async function saveScreen(page: Page, name: string, lang: ScreenLanguage): Promise<string | undefined> {
  if (!/^[a-z0-9-]+$/.test(name)) {
    throw new Error(`Screen names are lower-case words joined by hyphens: ${name}`);
  }
  if (process.env.BROWSER_TARGET === 'stack') {
    return undefined;
  }
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}.${lang}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
