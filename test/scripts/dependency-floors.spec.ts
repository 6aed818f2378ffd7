/**
 * scripts/ci/dependency-floors.mjs, run as CI runs it (a child process) on scratch lockfiles: a
 * version under its line's floor fails, a fixed one passes, kafkajs only warns.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/ci/dependency-floors.mjs', import.meta.url));
const REPO_LOCK = fileURLToPath(new URL('../../package-lock.json', import.meta.url));

describe('scripts/ci/dependency-floors.mjs', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'concerto-floors-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (packages: Record<string, { version: string }>) => {
    const file = join(dir, `lock-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      file,
      JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': { name: 'x' }, ...packages } }),
    );
    const res = spawnSync(process.execPath, [SCRIPT, '--lockfile', file, '--json'], { encoding: 'utf8' });
    return {
      status: res.status,
      report: JSON.parse(res.stdout) as {
        violations: Array<{ name: string; version: string }>;
        warnings: Array<{ name: string }>;
      },
    };
  };

  it('should fail on a version under its floor, including a copy nested deep in the tree', () => {
    const res = run({
      'node_modules/jsonwebtoken': { version: '8.5.1' },
      'node_modules/class-validator': { version: '0.13.2' },
      'node_modules/express': { version: '4.19.2' },
      'node_modules/a/node_modules/path-to-regexp': { version: '0.1.7' },
      'node_modules/b/node_modules/semver': { version: '6.3.0' },
      'node_modules/ws': { version: '8.17.0' },
      'node_modules/nodemailer': { version: '6.9.16' },
    });
    expect(res.status).toBe(1);
    expect(res.report.violations.map((v) => `${v.name}@${v.version}`).sort()).toEqual(
      [
        'class-validator@0.13.2',
        'express@4.19.2',
        'jsonwebtoken@8.5.1',
        'nodemailer@6.9.16',
        'path-to-regexp@0.1.7',
        'semver@6.3.0',
        'ws@8.17.0',
      ].sort(),
    );
  });

  it('should pass fixed versions on every release line, newer lines, and warn only about kafkajs', () => {
    const res = run({
      'node_modules/jsonwebtoken': { version: '9.0.2' },
      'node_modules/class-validator': { version: '0.15.1' },
      'node_modules/express': { version: '5.1.0' },
      'node_modules/path-to-regexp': { version: '8.2.0' },
      'node_modules/a/node_modules/path-to-regexp': { version: '0.1.12' },
      'node_modules/semver': { version: '7.7.1' },
      'node_modules/b/node_modules/semver': { version: '6.3.1' },
      'node_modules/kafkajs': { version: '2.2.4' },
      'node_modules/left-pad': { version: '0.0.1' },
    });
    expect(res.report.violations).toEqual([]);
    expect(res.report.warnings.map((w) => w.name)).toEqual(['kafkajs']);
    expect(res.status).toBe(0);
  });

  it("should find no violation in the repository's own lockfile", () => {
    const res = spawnSync(process.execPath, [SCRIPT, '--lockfile', REPO_LOCK], { encoding: 'utf8' });
    expect(res.stdout).toMatch(/no violation/);
    expect(res.status).toBe(0);
  });
});
