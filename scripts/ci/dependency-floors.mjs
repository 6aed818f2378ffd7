#!/usr/bin/env node
/**
 * Supply chain (quality bar §7c-26): fails when package-lock.json installs a version of a package
 * below its floor, the first release without a known vulnerability of that release line. It reads
 * the lockfile, so it works without the network; with --audit it also asks the registry's audit
 * endpoint (npm audit) and fails on a high or critical advisory, and only warns when the endpoint
 * cannot be reached.
 *
 *   node scripts/ci/dependency-floors.mjs [--lockfile path] [--audit] [--json]
 *
 * Exit 0: no violation (warnings, e.g. unmaintained packages, are printed); 1: a violation.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One floor per maintained release line (same major; same minor for 0.x): a version passes when
 * its line's floor is met, or when it is on a newer line than every floor listed. The reason names
 * the advisory that set the floor.
 */
export const FLOORS = {
  jsonwebtoken: { floors: ['9.0.0'], reason: 'CVE-2022-23529/23539/23540/23541: key confusion and insecure defaults' },
  jose: { floors: ['2.0.7', '4.15.5'], reason: 'CVE-2024-28176: JWE decompression DoS' },
  'class-validator': { floors: ['0.14.0'], reason: 'CVE-2019-18413: validation bypass without forbidUnknownValues' },
  express: { floors: ['4.20.0'], reason: 'CVE-2024-43796 (XSS in redirect), CVE-2024-29041 (open redirect)' },
  'body-parser': { floors: ['1.20.3'], reason: 'CVE-2024-45590: DoS with url encoding' },
  'path-to-regexp': {
    floors: ['0.1.12', '1.9.0', '3.3.0', '6.3.0', '8.0.0'],
    reason: 'CVE-2024-45296, CVE-2024-52798: ReDoS from backtracking routes',
  },
  ws: { floors: ['5.2.4', '6.2.3', '7.5.10', '8.17.1'], reason: 'CVE-2024-37890: DoS with many headers' },
  semver: { floors: ['5.7.2', '6.3.1', '7.5.2'], reason: 'CVE-2022-25883: ReDoS in range parsing' },
  cookie: { floors: ['0.7.0'], reason: 'CVE-2024-47764: out-of-bounds characters in name, path, domain' },
  'cross-spawn': { floors: ['6.0.6', '7.0.5'], reason: 'CVE-2024-21538: ReDoS' },
  braces: { floors: ['3.0.3'], reason: 'CVE-2024-4068: memory exhaustion' },
  micromatch: { floors: ['4.0.8'], reason: 'CVE-2024-4067: ReDoS' },
  undici: {
    floors: ['5.29.0', '6.21.2', '7.5.0'],
    reason: 'CVE-2025-22150, CVE-2025-47279: weak multipart boundary, DoS',
  },
  nodemailer: {
    floors: ['7.0.7'],
    reason: 'GHSA-mm7p-fcc7-pg87: e-mail to an unintended domain; GHSA-9h6g-pr28-7cqp ReDoS',
  },
  pg: { floors: ['7.1.2'], reason: 'CVE-2017-16082: remote code execution through a crafted column name' },
  qs: { floors: ['6.10.3'], reason: 'CVE-2022-24999: prototype pollution' },
  send: { floors: ['0.19.0'], reason: 'CVE-2024-43799: template injection' },
  'serve-static': { floors: ['1.16.0'], reason: 'CVE-2024-43800: template injection' },
  ajv: { floors: ['6.12.3'], reason: 'CVE-2020-15366: prototype pollution' },
  minimatch: { floors: ['3.0.5'], reason: 'CVE-2022-3517: ReDoS' },
  'brace-expansion': { floors: ['1.1.12', '2.0.2', '3.0.1', '4.0.1'], reason: 'CVE-2025-5889: ReDoS' },
  json5: { floors: ['1.0.2', '2.2.2'], reason: 'CVE-2022-46175: prototype pollution' },
  'word-wrap': { floors: ['1.2.4'], reason: 'CVE-2023-26115: ReDoS' },
  multer: { floors: ['2.0.2'], reason: 'CVE-2025-47935/47944/7338: DoS with malformed multipart' },
  'tough-cookie': { floors: ['4.1.3'], reason: 'CVE-2023-26136: prototype pollution' },
  'follow-redirects': { floors: ['1.15.6'], reason: 'CVE-2024-28849: Proxy-Authorization leaked across hosts' },
  tar: { floors: ['6.2.1'], reason: 'CVE-2024-28863: DoS with deep folders' },
  nanoid: { floors: ['3.3.8'], reason: 'CVE-2024-55565: predictable output with non-integer sizes' },
};

/** Installed but without maintenance: a warning, not a failure (kept on a pinned version and watched). */
export const UNMAINTAINED = {
  kafkajs: 'no release since 2023 and no active maintainer; pinned, tracked (quality bar §7c-26)',
};

const parse = (v) => {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? m.slice(1, 4).map(Number) : undefined;
};
const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const line = (v) => (v[0] === 0 ? `0.${v[1]}` : `${v[0]}`);

/** Whether `version` meets one of `floors` (see FLOORS). Unparseable versions (git, file:) fail. */
export function meetsFloor(version, floors) {
  const v = parse(version);
  if (!v) {
    return false;
  }
  const parsed = floors.map(parse);
  const same = parsed.find((f) => line(f) === line(v));
  if (same) {
    return cmp(v, same) >= 0;
  }
  return parsed.every((f) => cmp(v, f) > 0);
}

/** Every installed copy of every package in a lockfile (v2/v3 `packages`, or v1 `dependencies`). */
export function installed(lock) {
  const out = [];
  if (lock.packages) {
    for (const [path, meta] of Object.entries(lock.packages)) {
      const i = path.lastIndexOf('node_modules/');
      if (i < 0 || !meta.version) {
        continue;
      }
      out.push({ name: meta.name ?? path.slice(i + 'node_modules/'.length), version: meta.version, path });
    }
  } else {
    const walk = (deps, prefix) => {
      for (const [name, meta] of Object.entries(deps ?? {})) {
        out.push({ name, version: meta.version, path: `${prefix}node_modules/${name}` });
        walk(meta.dependencies, `${prefix}node_modules/${name}/`);
      }
    };
    walk(lock.dependencies, '');
  }
  return out;
}

export function check(lock) {
  const violations = [];
  const warnings = [];
  for (const { name, version, path } of installed(lock)) {
    const floor = FLOORS[name];
    if (floor && !meetsFloor(version, floor.floors)) {
      violations.push({ name, version, path, floors: floor.floors, reason: floor.reason });
    }
    if (UNMAINTAINED[name]) {
      warnings.push({ name, version, path, reason: `unmaintained: ${UNMAINTAINED[name]}` });
    }
  }
  return { violations, warnings };
}

function audit(cwd) {
  const res = spawnSync('npm', ['audit', '--json', '--omit=dev', '--audit-level=high'], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  let report;
  try {
    report = JSON.parse(res.stdout);
  } catch {
    return { reachable: false, detail: (res.stderr || res.error?.message || 'no answer').trim().split('\n')[0] };
  }
  if (report.error) {
    return { reachable: false, detail: report.error.summary || report.error.code || 'audit error' };
  }
  const v = report.metadata?.vulnerabilities ?? {};
  return { reachable: true, high: (v.high ?? 0) + (v.critical ?? 0), counts: v };
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const lockfile = resolve(arg('--lockfile') ?? resolve(root, 'package-lock.json'));
  const { violations, warnings } = check(JSON.parse(readFileSync(lockfile, 'utf8')));
  let auditResult;
  if (argv.includes('--audit')) {
    auditResult = audit(dirname(lockfile));
  }
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ violations, warnings, audit: auditResult }, null, 2) + '\n');
  } else {
    for (const w of warnings) {
      console.log(`warning: ${w.name}@${w.version} (${w.path}): ${w.reason}`);
    }
    for (const v of violations) {
      console.log(
        `VIOLATION: ${v.name}@${v.version} (${v.path}) is below its floor ${v.floors.join(' / ')}: ${v.reason}`,
      );
    }
    if (auditResult && !auditResult.reachable) {
      console.log(
        `warning: the registry's audit endpoint could not be reached (${auditResult.detail}); the lockfile floors were checked`,
      );
    } else if (auditResult) {
      console.log(`npm audit: ${auditResult.high} high or critical advisories`);
    }
    if (violations.length === 0) {
      console.log(`dependency floors: ${Object.keys(FLOORS).length} floors, no violation`);
    }
  }
  const failed = violations.length > 0 || (auditResult?.reachable && auditResult.high > 0);
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
