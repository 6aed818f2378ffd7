/**
 * scripts/ci/secrets-scan.mjs, run as CI runs it on a scratch git repository: each kind of secret
 * in a tracked file is found (and not printed whole), untracked files and allowed fixtures are not,
 * and the repository itself is clean.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/ci/secrets-scan.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

// Assembled at run time so that this file holds no secret-shaped literal itself.
const j = (...parts: string[]) => parts.join('');
const FAKE = {
  privateKey: j('-----BEGIN ', 'PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END ', 'PRIVATE KEY-----\n'),
  aws: j('AKIA', 'Z7Q4M2XW9KJ3PL8N'),
  github: j('ghp_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'),
  jwt: j('eyJ', 'hbGciOiJFUzI1NiJ9.', 'eyJ', 'zdWIiOiJjb29yZC1ub3JkIn0.', 'c2lnbmF0dXJlLXNpZ25hdHVyZQ'),
  assignment: j('const apiKey = "', 'q8Zr2LmX0vT7kP4sW9nB3cY6', '";'),
  url: j('DATABASE_URL=postgres://app:', 'S3cr3tP4ss9x', '@db.prod.internal:5432/app'),
};

describe('scripts/ci/secrets-scan.mjs', () => {
  let dir: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  const scan = (root = dir) => {
    const res = spawnSync(process.execPath, [SCRIPT, '--root', root, '--json'], { encoding: 'utf8' });
    return {
      status: res.status,
      stdout: res.stdout,
      report: JSON.parse(res.stdout) as { findings: Array<{ path: string; rule: string }> },
    };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'concerto-secrets-'));
    git('init', '-q');
    write('src/key.pem', FAKE.privateKey);
    write('src/config.ts', `export const id = '${FAKE.aws}';\nexport const gh = '${FAKE.github}';\n`);
    write('src/token.txt', `Authorization: Bearer ${FAKE.jwt}\n`);
    write('src/settings.ts', `${FAKE.assignment}\n`);
    write('.env.example', `${FAKE.url}\n`);
    write(
      'src/harmless.ts',
      [
        "const secret = 'a-test-secret-that-is-long-enough-32b';",
        "const url = 'postgres://concerto:concerto@127.0.0.1:15432/concerto';",
        "const doc = 'smtps://user:pass@host';",
        `const fixture = '${FAKE.aws}'; // secrets-scan: allow (documented fake key)`,
      ].join('\n'),
    );
    write('test/scripts/fixtures/secrets/sample.pem', FAKE.privateKey);
    git('add', '.');
    write('untracked.pem', FAKE.privateKey);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should find every kind of secret in tracked files, and print none whole', () => {
    const { status, stdout, report } = scan();
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.path} ${f.rule}`).sort()).toEqual(
      [
        '.env.example url-with-password',
        'src/config.ts aws-access-key-id',
        'src/config.ts github-token',
        'src/key.pem private-key',
        'src/settings.ts high-entropy-assignment',
        'src/token.txt jwt',
      ].sort(),
    );
    for (const value of [FAKE.aws, FAKE.github, FAKE.jwt, 'S3cr3tP4ss9x', 'q8Zr2LmX0vT7kP4sW9nB3cY6']) {
      expect(stdout).not.toContain(value);
    }
  });

  it('should find nothing in the repository itself', () => {
    const { status, report } = scan(REPO);
    expect(report.findings).toEqual([]);
    expect(status).toBe(0);
  });
});
