// Benchmark of the invitee's page (issue 16, point 7): bytes transferred and Lighthouse on a phone.
//   node bench/invitee-page/run.mjs [--lighthouse] [--json out.json]
// Starts the built embedded engine on a fresh data directory and a free port, organises a meeting
// for a demo case (the README walkthrough, shortened), takes the son's answer link from the e-mail
// in the development mailbox, then:
//   1. bytes: fetches the page and every resource it references (its one stylesheet), as a browser
//      would on a first visit, and adds up the bytes on the wire (headers + bodies);
//   2. with --lighthouse: runs Lighthouse 12.8 (npx, install scripts off) with the system Chromium
//      (CHROME_PATH, default /usr/bin/chromium), mobile profile (the default form factor, simulated
//      slow 4G and 4x CPU slowdown): performance and accessibility scores.
// Goals: < 100 KB transferred and no JavaScript; performance >= 90; accessibility 100.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'node:http';

const { values } = parseArgs({
  options: { lighthouse: { type: 'boolean', default: false }, json: { type: 'string' } },
});
const LIGHTHOUSE = 'lighthouse@12.8.2';
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';

if (!existsSync('dist/apps/embedded/src/main.js')) {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

const port = await new Promise((done) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const p = srv.address().port;
    srv.close(() => done(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'concerto-bench-page-'));
const engine = spawn(process.execPath, ['dist/apps/embedded/src/main.js'], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    LISTEN_HOST: '127.0.0.1',
    PUBLIC_BASE_URL: base,
    DEV_MAILBOX: 'true',
    LOG_LEVEL: 'error',
    COORDINATION_PHONE: '+32 2 555 01 01',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => {
  engine.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('exit', stop);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v) {
        return v;
      }
    } catch {
      // not yet
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(250);
  }
}

await until('the engine', async () => (await fetch(`${base}/health`)).ok);
const { DevIdentityProvider } = await import(resolve('dist/libs/auth/src/index.js'));
const { loadConfig } = await import(resolve('dist/libs/config/src/index.js'));
const config = loadConfig({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_BASE_URL: base });
const idp = await DevIdentityProvider.load(join(dataDir, 'keys'), config.AUTH_ISSUER, config.AUTH_AUDIENCE);
const directory = JSON.parse(readFileSync(resolve(config.DIRECTORY_SEED_FILE), 'utf8'));
const token = (id) =>
  idp.issue(
    directory.professionals.find((p) => p.id === id),
    3600,
  );
const coord = await token('coord-sud');
const api = async (method, path, body, bearer = coord) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 400) {
    throw new Error(`${method} ${path}: ${res.status} ${text}`);
  }
  return text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
};

const day = 86_400_000;
const start = new Date(Math.ceil((Date.now() + 3 * day) / day) * day + 9 * 3600_000);
const alert = await api(
  'POST',
  '/v1/alerts',
  {
    type: 'imminent-discharge',
    urgency: 'urgent',
    deadline: new Date(start.getTime() + 7 * day).toISOString(),
    reason: 'Returns home alone after a fall; nobody to help with meals.',
    person: {
      givenName: 'Simone',
      familyName: 'Peeters',
      birthDate: '1943-02-11',
      address: { postalCode: '1180' },
      preferredLanguage: 'nl',
    },
  },
  await token('pro-hospital-nurse'),
).catch((e) => {
  throw new Error(`raising the alert failed (see apps/embedded/test for the body's shape): ${e.message}`);
});
const caseId = alert.caseId;
await until(
  'the care team',
  async () => (await api('GET', `/v1/cases/${caseId}/participants`)).participants.length === 1,
);
const jan = await api('POST', `/v1/cases/${caseId}/participants`, {
  kind: 'relative',
  displayName: 'Jan Peeters',
  language: 'nl',
  email: 'jan.peeters@example.test',
});
const gp = await api('POST', `/v1/cases/${caseId}/participants`, {
  kind: 'professional',
  professionalId: 'pro-gp',
  email: 'gp@example.test',
});
await api('POST', `/v1/cases/${caseId}/consent`, {
  decision: 'granted',
  givenBy: 'person',
  scopes: [
    { participantId: jan.participant.id, dataCategories: ['meeting-details'] },
    { participantId: gp.participant.id, dataCategories: ['meeting-details', 'care-team'] },
  ],
});
const room = await api('POST', '/v1/bassins/sud/rooms', {
  name: 'Salle Sud (rez-de-chaussée)',
  capacity: 10,
  stepFree: true,
});
await api('POST', `/v1/cases/${caseId}/concertations`, {
  start: start.toISOString(),
  end: new Date(start.getTime() + 3600_000).toISOString(),
  location: { kind: 'room', roomId: room.id },
});
const mailId = await until(
  'the e-mail to Jan',
  async () => (await api('GET', '/v1/dev/mailbox')).items.find((i) => i.to === 'jan.peeters@example.test')?.id,
);
const raw = (await api('GET', `/v1/dev/mailbox/${mailId}`)).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
const link = new RegExp(`${base.replace(/[.]/g, '\\.')}/a/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+`).exec(raw)?.[0];
if (!link) {
  throw new Error('no answer link in the e-mail');
}

/** One GET as a browser makes it: the bytes of the status line, headers and body on the wire. */
function wireBytes(url) {
  return new Promise((done, fail) => {
    const req = request(
      url,
      { headers: { 'accept-encoding': 'gzip, br', accept: 'text/html,text/css,*/*' } },
      (res) => {
        // No decompression here: the body's bytes are the bytes on the wire; the head is counted as sent.
        let head = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n`;
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          head += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`;
        }
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          done({
            url,
            status: res.statusCode,
            type: res.headers['content-type'],
            encoding: res.headers['content-encoding'] ?? 'identity',
            bytes: Buffer.byteLength(head) + 2 + body.length,
            body: body.toString('utf8'),
          });
        });
      },
    );
    req.on('error', fail);
    req.end();
  });
}
const page = await wireBytes(link);
const resources = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)]
  .map((m) => m[1])
  .filter((h) => !h.startsWith('?') && !h.startsWith('tel:') && !h.startsWith('#'))
  .map((h) => new URL(h, link).toString());
const fetched = [page, ...(await Promise.all(resources.map(wireBytes)))];
const total = fetched.reduce((n, r) => n + r.bytes, 0);
const scripts = /<script/i.test(page.body) || fetched.some((r) => /javascript/.test(r.type ?? ''));
const result = {
  at: new Date().toISOString(),
  transfers: fetched.map(({ url, status, type, encoding, bytes }) => ({
    path: new URL(url).pathname.replace(/\/a\/[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]+$/, '/a/<token>'),
    status,
    type,
    encoding,
    bytes,
  })),
  totalBytes: total,
  javascript: scripts,
  goals: { bytes: total < 100 * 1024, noJavaScript: !scripts },
};

if (values.lighthouse) {
  const out = join(dataDir, 'lighthouse.json');
  execFileSync(
    'npx',
    [
      '-y',
      LIGHTHOUSE,
      link,
      '--only-categories=performance,accessibility',
      '--output=json',
      `--output-path=${out}`,
      '--quiet',
      '--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage',
    ],
    { stdio: 'inherit', env: { ...process.env, CHROME_PATH: CHROME, npm_config_ignore_scripts: 'true' } },
  );
  const lh = JSON.parse(readFileSync(out, 'utf8'));
  result.lighthouse = {
    version: lh.lighthouseVersion,
    formFactor: lh.configSettings.formFactor,
    throttling: lh.configSettings.throttlingMethod,
    performance: Math.round(lh.categories.performance.score * 100),
    accessibility: Math.round(lh.categories.accessibility.score * 100),
    firstContentfulPaintMs: Math.round(lh.audits['first-contentful-paint'].numericValue),
    largestContentfulPaintMs: Math.round(lh.audits['largest-contentful-paint'].numericValue),
    totalByteWeight: lh.audits['total-byte-weight'].numericValue,
  };
  result.goals.performance = result.lighthouse.performance >= 90;
  result.goals.accessibility = result.lighthouse.accessibility === 100;
}

process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
if (values.json) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(values.json, JSON.stringify(result, null, 2));
}
process.exit(Object.values(result.goals).every(Boolean) ? 0 : 1);
