import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';

// `npm run lint` must fail when a convention is broken. test/lint/fixtures/ is a miniature repository
// (same layout, same #concerto/* imports) whose `*.bad.ts` files each break a rule on purpose; the
// repository's own ESLint and dependency-cruiser configurations run against it, and every broken rule
// must be reported, at the right file, while the clean files stay clean.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test/lint/fixtures');

function fixtureFiles(dir = FIXTURES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? fixtureFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [relative(FIXTURES, join(dir, e.name))]
        : [],
  );
}

interface Finding {
  file: string;
  rule: string;
}

async function eslintFindings(): Promise<Finding[]> {
  // cwd = the fixtures, so the config's globs (test files, ignores) apply to the fixtures as if they
  // were the repository; type information comes from the fixtures' own tsconfig.json.
  const eslint = new ESLint({
    cwd: FIXTURES,
    overrideConfigFile: join(ROOT, 'eslint.config.mjs'),
    ignore: false,
    cache: false,
  });
  const results = await eslint.lintFiles(['apps', 'libs']);
  return results.flatMap((r) =>
    r.messages.map((m) => ({ file: relative(FIXTURES, r.filePath), rule: m.ruleId ?? `fatal: ${m.message}` })),
  );
}

async function depcruiseFindings(): Promise<Finding[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      '--config',
      join(ROOT, '.dependency-cruiser.cjs'),
      '--output-type',
      'json',
      'apps',
      'libs',
    ],
    { cwd: FIXTURES, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => {
    // depcruise exits non-zero when it finds violations, which is the point here.
    if (!error.stdout) {
      throw error;
    }
    return { stdout: error.stdout };
  });
  const report = JSON.parse(stdout) as { summary: { violations: Array<{ from: string; rule: { name: string } }> } };
  return report.summary.violations.map((v) => ({ file: v.from, rule: v.rule.name }));
}

const BAD = 'apps/alpha/src/modules/orders';

describe('lint rules, broken on purpose', () => {
  let eslintReport: Finding[];
  let cruiseReport: Finding[];

  beforeAll(async () => {
    [eslintReport, cruiseReport] = await Promise.all([eslintFindings(), depcruiseFindings()]);
    // Type-aware ESLint builds a TypeScript program first: a few seconds alone, more on a busy machine.
  }, 180_000);

  it.each([
    [`${BAD}/application/floating.bad.ts`, '@typescript-eslint/no-floating-promises'],
    [`${BAD}/application/floating.bad.ts`, '@typescript-eslint/no-misused-promises'],
    [`${BAD}/application/any.bad.ts`, '@typescript-eslint/no-explicit-any'],
    [`${BAD}/application/style.bad.ts`, 'curly'],
    [`${BAD}/application/style.bad.ts`, 'eqeqeq'],
    [`${BAD}/application/style.bad.ts`, '@typescript-eslint/switch-exhaustiveness-check'],
    ['apps/beta/src/beta.stack-spec.ts', '@typescript-eslint/no-floating-promises'],
  ])('ESLint reports %s: %s', (file, rule) => {
    expect(eslintReport).toContainEqual({ file, rule });
  });

  it.each([
    [`${BAD}/domain/framework.bad.ts`, 'domain-is-pure'],
    [`${BAD}/domain/node-builtin.bad.ts`, 'domain-is-pure'],
    [`${BAD}/domain/other-context.bad.ts`, 'domain-is-pure'],
    [`${BAD}/domain/upward.bad.ts`, 'domain-is-pure'],
    [`${BAD}/domain/contracts-value.bad.ts`, 'domain-contracts-types-only'],
    [`${BAD}/application/adapter.bad.ts`, 'application-not-to-infrastructure'],
    [`${BAD}/application/edge.bad.ts`, 'application-not-to-interface'],
    [`${BAD}/interface/adapter.bad.ts`, 'interface-not-to-infrastructure'],
    ['apps/alpha/src/interface/root-layer.bad.ts', 'layer-outside-context'],
    ['libs/reporting/src/order-report.bad.ts', 'libs-not-to-apps'],
    ['apps/beta/src/modules/shipping/application/cross-service.bad.ts', 'no-cross-service'],
  ])('dependency-cruiser reports %s: %s', (file, rule) => {
    expect(cruiseReport).toContainEqual({ file, rule });
  });

  it('reports every *.bad.ts file and nothing in the clean ones', () => {
    const files = fixtureFiles();
    const flagged = new Set([...eslintReport, ...cruiseReport].map((f) => f.file));
    expect(files.filter((f) => f.endsWith('.bad.ts') && !flagged.has(f))).toEqual([]);
    // The test file may use `any` (tests are looser) and import two services; only its floating promise is reported.
    expect([...eslintReport, ...cruiseReport].filter((f) => !f.file.endsWith('.bad.ts'))).toEqual([
      { file: 'apps/beta/src/beta.stack-spec.ts', rule: '@typescript-eslint/no-floating-promises' },
    ]);
  });
});
