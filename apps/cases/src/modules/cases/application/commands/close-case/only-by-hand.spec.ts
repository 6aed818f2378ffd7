import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CONTEXT = join(process.cwd(), 'apps/cases/src/modules/cases');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return sources(path);
    }
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

// R25: no automated rule may close a case or lower its priority. Closing is a coordinator's act
// through the HTTP route only; no timer, consumer or other use case reaches it.
describe('a case closes only by a coordinator’s hand (R25)', () => {
  it('should reach CloseCaseCommand from the HTTP controller only', () => {
    const users = sources(CONTEXT).filter((f) => readFileSync(f, 'utf8').includes('CloseCaseCommand'));
    const outside = users.filter(
      (f) => !/application\/commands\/close-case\/|interface\/http\/cases\.controller\.ts$/.test(f),
    );
    expect(outside).toEqual([]);
  });

  it('should call the aggregate’s close() from the close-case handler only', () => {
    const callers = sources(CONTEXT).filter((f) => /\bc\.close\(|\.close\(principal/.test(readFileSync(f, 'utf8')));
    expect(callers.map((f) => f.slice(CONTEXT.length))).toEqual([
      '/application/commands/close-case/close-case.handler.ts',
    ]);
  });

  it('should give no timer or consumer a way to close a case or lower its urgency', () => {
    const automated = [...sources(join(CONTEXT, 'interface/timers')), ...sources(join(CONTEXT, 'interface/messaging'))];
    expect(automated.length).toBeGreaterThan(0);
    for (const file of automated) {
      const text = readFileSync(file, 'utf8');
      expect({ file, closes: /close|Close/.test(text) }).toEqual({ file, closes: false });
      expect({ file, lowers: /urgency\s*=\s*'normal'/.test(text) }).toEqual({ file, lowers: false });
    }
  });
});
