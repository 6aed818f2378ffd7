#!/usr/bin/env node
/**
 * Secrets scan of the repository (quality bar §7c-27): every tracked file (`git ls-files`) is read
 * and searched for private keys, tokens of known providers, AWS-like access keys, JWTs, URLs with a
 * password, and assignments of high-entropy strings to names like password, secret, token or key.
 * Test fixtures that must look like secrets are allowed by path (ALLOW_PATHS) or by an inline
 * marker on the same line: `secrets-scan: allow` (say why next to it).
 *
 *   node scripts/ci/secrets-scan.mjs [--root dir] [--json]
 *
 * Exit 0: nothing found; 1: findings (file, line, rule; the value itself is never printed whole).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RULES = [
  { id: 'private-key', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/ },
  { id: 'aws-access-key-id', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/ },
  {
    id: 'aws-secret-access-key',
    re: /aws_?secret_?access_?key\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/i,
  },
  { id: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { id: 'gitlab-token', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { id: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { id: 'stripe-key', re: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/ },
  { id: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { id: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { id: 'jwt', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { id: 'private-jwk', re: /"d"\s*:\s*"[A-Za-z0-9_-]{40,}"/ },
];

// scheme://user:password@host — judged in code (urlPassword) rather than by one expression.
const URL_WITH_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/@'"`]+)@([^\s/:'"`?#]+)/gi;
// Hosts no real credential is for: loopback, documentation domains (RFC 2606), compose service names.
const HARMLESS_HOST =
  /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|[\w.-]*\.(test|example|invalid|localhost)|([\w-]+\.)*example\.(com|org|net)|[a-z][a-z0-9-]*)$/i;

/** A URL's password that looks real: not empty, not the user name again, not a variable or placeholder. */
function urlPassword(userinfo, host) {
  const i = userinfo.indexOf(':');
  if (i < 0) {
    return undefined;
  }
  // Brackets and parentheses are documentation syntax ([user[:pass]@]), not part of a credential.
  const [user, password] = [userinfo.slice(0, i), userinfo.slice(i + 1)].map((x) => x.replace(/[[\]()]/g, ''));
  if (!password || password === user || /\$|<|^\*+$|^x+$/i.test(userinfo) || PLACEHOLDER.test(password)) {
    return undefined;
  }
  return HARMLESS_HOST.test(host) ? undefined : password;
}

const ASSIGNMENT =
  /\b([A-Za-z0-9_]*(?:password|passwd|secret|token|api_?key|apikey|private_?key|access_?key|client_?secret|auth)[A-Za-z0-9_]*)\b["']?\s*[:=]\s*["'`]([^"'`\s]{16,})["'`]/i;

/** Paths whose secrets-looking content is fixture material, with the reason. */
export const ALLOW_PATHS = [
  [/^test\/scripts\/secrets-scan\.spec\.ts$/, 'the scanner test writes fake secrets into a scratch repository'],
  [/^test\/scripts\/fixtures\/secrets\//, 'fake secrets for the scanner test'],
];
const INLINE_ALLOW = /secrets-scan:\s*allow/;
const SKIP_EXT = /\.(png|jpe?g|gif|ico|pdf|woff2?|ttf|eot|zip|gz|tgz|wasm|data)$/i;
const LOCKFILES = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml)$/;

/** Shannon entropy in bits per character. */
export function entropy(s) {
  const counts = new Map();
  for (const c of s) {
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const PLACEHOLDER =
  /^(?:x+|pass(?:word)?|secret|pwd|\*+|changeme|change-me|example|placeholder|your[-_a-z]*|dummy[-_a-z0-9]*|test[-_a-z0-9]*|<[^>]*>|\$\{[^}]*\}|\$[A-Z_]+)$/i;

/** Findings of one file's text; `path` decides the allowlist. */
export function scanText(path, text) {
  if (ALLOW_PATHS.some(([re]) => re.test(path))) {
    return [];
  }
  const findings = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((content, i) => {
    if (INLINE_ALLOW.test(content)) {
      return;
    }
    for (const rule of RULES) {
      const m = rule.re.exec(content);
      if (m) {
        findings.push({ path, line: i + 1, rule: rule.id, excerpt: redact(m[0]) });
      }
    }
    for (const m of content.matchAll(URL_WITH_USERINFO)) {
      const password = urlPassword(m[1], m[2]);
      if (password) {
        findings.push({ path, line: i + 1, rule: 'url-with-password', excerpt: `…:${redact(password)}@${m[2]}` });
      }
    }
    const a = ASSIGNMENT.exec(content);
    if (a && looksRandom(a[2])) {
      findings.push({ path, line: i + 1, rule: 'high-entropy-assignment', excerpt: `${a[1]}=${redact(a[2])}` });
    }
  });
  return findings;
}

/**
 * A value that could be a generated secret: long, letters and digits mixed, high entropy, no URL,
 * and not words joined by hyphens or underscores (the shape of test fixtures like
 * 'a-test-secret-that-is-long-enough-32b').
 */
function looksRandom(v) {
  if (PLACEHOLDER.test(v) || v.includes('://')) {
    return false;
  }
  if (/^([A-Za-z]+|\d+[A-Za-z]*)([-_.]([A-Za-z]+|\d+[A-Za-z]*))+[!?]?$/.test(v)) {
    return false;
  }
  return entropy(v) >= 3.5 && /[0-9]/.test(v) && /[A-Za-z]/.test(v);
}

const redact = (s) => (s.length <= 12 ? `${s.slice(0, 3)}…` : `${s.slice(0, 8)}…(${s.length} chars)`);

export function scanRepository(root) {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean);
  const findings = [];
  let scanned = 0;
  for (const path of files) {
    if (SKIP_EXT.test(path) || LOCKFILES.test(path)) {
      continue;
    }
    const full = resolve(root, path);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      continue; // deleted in the work tree, not yet in the index
    }
    if (!stat.isFile() || stat.size > 2 * 1024 * 1024) {
      continue;
    }
    const buf = readFileSync(full);
    if (buf.includes(0)) {
      continue;
    } // binary
    scanned++;
    findings.push(...scanText(path, buf.toString('utf8')));
  }
  return { scanned, findings };
}

function main(argv) {
  const i = argv.indexOf('--root');
  const root = i >= 0 ? resolve(argv[i + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const { scanned, findings } = scanRepository(root);
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ scanned, findings }, null, 2) + '\n');
  } else {
    for (const f of findings) {
      console.log(`${f.path}:${f.line}: ${f.rule}: ${f.excerpt}`);
    }
    console.log(`secrets scan: ${scanned} tracked files, ${findings.length} finding(s)`);
  }
  return findings.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
