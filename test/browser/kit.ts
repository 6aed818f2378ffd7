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
 * So a spec prepares and checks its data only through what works in both modes:
 *
 *   const r = await target.api.call('POST', '/v1/alerts', { as: 'pro-pharmacist', body });  // real HTTP
 *   const text = await target.mail.find((m) => m.to.includes(address) ? m.text : undefined);
 *   await target.clock.advanceTo(new Date((await target.clock.now()).getTime() + DAY)); // forward only
 *   const name = target.unique('Peeters');   // the stack's database outlives the run: no collisions
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ManualClock } from '#concerto/ddd';
import { startTestEngine, startTestSmtpServer, type TestEngine } from '#concerto/testing';
import type { ConcertoConfig } from '#concerto/config';
import {
  eventually,
  GATEWAY_URL,
  readMailbox,
  readMailboxMail,
  readStackClockOffset,
  setStackClockOffset,
  StackTokens,
} from '../stack/stack-client.js';

export type { Browser, BrowserContext, Page } from 'playwright-core';

export type ScreenLanguage = 'fr' | 'nl' | 'en';

export interface ApiResult<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** The engine's HTTP API as a client sees it: real requests to `baseUrl`, with a bearer token. */
export interface TargetApi {
  /** A bearer token for a demo user (embedded: the engine's development issuer; stack: its key pair). */
  token(userId: string): Promise<string>;
  /** One request to `${baseUrl}${path}`, as `as` when given; the body is JSON both ways. */
  call<T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    opts?: { as?: string; body?: unknown },
  ): Promise<ApiResult<T>>;
}

/** An e-mail the engine sent. */
export interface SentMail {
  to: string[];
  subject: string;
  text: string;
}

export interface TargetMail {
  /**
   * Waits until an e-mail sent so far (in the order they were sent) makes `pick` return something,
   * and returns that. Embedded: a real SMTP server the engine sends to (SMTP_URL); stack: the
   * notifications service's mailbox folder (MAILBOX_DIR, it has no SMTP relay).
   */
  find<T>(pick: (mail: SentMail) => T | undefined | null | false, timeoutMs?: number): Promise<T>;
}

/** The engine's business time. */
export interface TargetClock {
  now(): Promise<Date>;
  /**
   * Moves business time forward to `at`, never back. Embedded: the ManualClock the engine was started
   * with (startBrowserTarget({ startAt })); stack: the development clock's offset, put back by close().
   */
  advanceTo(at: Date): Promise<void>;
}

export interface BrowserTarget {
  /** Where the engine answers, without a trailing slash (the web app is at `${baseUrl}/`). */
  baseUrl: string;
  /** 'embedded' (default) or 'stack' (BROWSER_TARGET=stack). */
  kind: 'embedded' | 'stack';
  api: TargetApi;
  mail: TargetMail;
  clock: TargetClock;
  /**
   * `base` itself on a fresh embedded engine (the screenshots keep tidy names); with a suffix of this
   * run on the stack, whose database keeps every earlier run's people, rooms and addresses.
   */
  unique(base: string): string;
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

function httpApi(baseUrl: string, token: (userId: string) => Promise<string>): TargetApi {
  return {
    token,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = {};
      if (opts.as) {
        headers.authorization = `Bearer ${await token(opts.as)}`;
      }
      if (opts.body !== undefined) {
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(15000),
      });
      const text = await res.text();
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      return { status: res.status, headers: res.headers, body: body as any, text };
    },
  };
}

function mailFrom(list: () => Promise<SentMail[]>): TargetMail {
  return {
    find: (pick, timeoutMs = 30000) =>
      eventually(
        async () => {
          for (const mail of await list()) {
            const found = pick(mail);
            if (found !== undefined && found !== null && found !== false) {
              return found;
            }
          }
          throw new Error('no e-mail sent so far is the one looked for');
        },
        timeoutMs,
        200,
      ),
  };
}

let runCounter = 0;
const letters = (n: number): string => n.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));

async function startStackTarget(): Promise<BrowserTarget> {
  const baseUrl = GATEWAY_URL;
  const tokens = await StackTokens.load();
  // The mailbox only grows: each .eml is parsed once.
  const parsed = new Map<string, SentMail>();
  const initialOffset = await readStackClockOffset();
  const suffix = `${letters(process.pid)}${letters(Date.now() % 100000000)}${letters(++runCounter)}`;
  return {
    baseUrl,
    kind: 'stack',
    api: httpApi(baseUrl, (userId) => tokens.token(userId)),
    mail: mailFrom(async () => {
      const mails: SentMail[] = [];
      for (const entry of await readMailbox()) {
        let mail = parsed.get(entry.id);
        if (!mail) {
          const eml = await readMailboxMail(entry);
          mail = { to: [entry.to], subject: entry.subject, text: eml.text ?? '' };
          parsed.set(entry.id, mail);
        }
        mails.push(mail);
      }
      return mails;
    }),
    clock: {
      now: async () => new Date(Date.now() + (await readStackClockOffset())),
      async advanceTo(at) {
        const offset = await readStackClockOffset();
        const step = at.getTime() - (Date.now() + offset);
        if (step < 0) {
          throw new Error(`The stack's development clock only moves forward (asked ${-step} ms back)`);
        }
        await setStackClockOffset(offset + step);
        // Every service reads the offset file every 200 ms (OffsetFileClock) and none says what time
        // it reads: a few refresh periods let them all see the new time before the spec goes on.
        await new Promise((done) => setTimeout(done, 1000));
      },
    },
    unique: (base) => `${base}-${suffix}`,
    signIn: (page, userId) => devSignIn(page, baseUrl, userId),
    close: async () => {
      // Put back the time the other specs and the next run expect (offsets only move forward meanwhile).
      if ((await readStackClockOffset()) !== initialOffset) {
        await setStackClockOffset(initialOffset);
      }
    },
  };
}

/**
 * The engine the browser talks to: a fresh embedded engine listening on a free loopback port
 * (default), or the running stack's gateway when BROWSER_TARGET=stack. `startAt` starts the embedded
 * engine's business clock there (a ManualClock, moved by target.clock.advanceTo); the stack keeps its
 * development clock, so a spec picks its dates from target.clock.now(). `config` is the embedded
 * engine's only: the stack has the configuration deploy/local/stack.sh gives it.
 */
export async function startBrowserTarget(
  opts: { config?: Partial<Record<keyof ConcertoConfig, string>>; startAt?: Date } = {},
): Promise<BrowserTarget> {
  if (process.env.BROWSER_TARGET === 'stack') {
    return startStackTarget();
  }
  const [port, smtp] = await Promise.all([freePort(), startTestSmtpServer()]);
  const baseUrl = `http://127.0.0.1:${port}`;
  const manual = opts.startAt ? new ManualClock(opts.startAt) : undefined;
  let engine: TestEngine;
  try {
    engine = await startTestEngine({
      config: {
        PORT: String(port),
        PUBLIC_BASE_URL: baseUrl,
        SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
        ...opts.config,
      },
      ...(manual ? { clock: manual } : {}),
    });
  } catch (error) {
    await smtp.close();
    throw error;
  }
  await engine.engine.app.listen(port, '127.0.0.1');
  return {
    baseUrl,
    kind: 'embedded',
    api: httpApi(baseUrl, (userId) => engine.token(userId)),
    mail: mailFrom(async () =>
      smtp.messages.map((m) => ({ to: [...m.envelope.to], subject: m.mail.subject ?? '', text: m.mail.text ?? '' })),
    ),
    clock: {
      now: async () => manual?.now() ?? new Date(),
      async advanceTo(at) {
        if (!manual) {
          throw new Error(
            'This embedded target runs on the system clock: start it with startBrowserTarget({ startAt })',
          );
        }
        if (at.getTime() < manual.now().getTime()) {
          throw new Error("The clock only moves forward, as the stack's does");
        }
        manual.set(at);
      },
    },
    unique: (base) => base,
    signIn: (page, userId) => devSignIn(page, baseUrl, userId),
    close: async () => {
      await engine.close();
      await smtp.close();
    },
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
