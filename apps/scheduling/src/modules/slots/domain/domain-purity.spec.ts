import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Architecture check (style guide rule 5): the slot domain stays framework-free, so it can run in a
// worker thread, a benchmark or another service without Nest, TypeORM or I/O.
const DOMAIN_DIR = fileURLToPath(new URL('.', import.meta.url));
const ALLOWED = [/^\.\/[a-z0-9.-]+\.js$/, /^#concerto\/ddd$/];

describe('slots domain layer', () => {
  const files = readdirSync(DOMAIN_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));

  it('has source files to check', () => {
    expect(files).toEqual(expect.arrayContaining(['slot-finder.ts']));
  });

  it.each(files)('%s imports only domain files and #concerto/ddd', (file) => {
    const source = readFileSync(`${DOMAIN_DIR}/${file}`, 'utf8');
    const specifiers = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
    expect(specifiers.filter((s) => !ALLOWED.some((re) => re.test(s!)))).toEqual([]);
  });
});
