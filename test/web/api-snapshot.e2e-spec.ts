import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestEngine, type TestEngine } from '#concerto/testing';

const SNAPSHOT = join(process.cwd(), 'apps', 'web', 'src', 'api', 'openapi.json');

/**
 * The web app's typed client (apps/web/src/api/schema.d.ts) is generated from a committed snapshot of the
 * engine's API description. A route or DTO changed without regenerating it (`npm run -s web:api`) fails
 * here, so the app never compiles against an API the engine no longer serves.
 */
describe('the web app API snapshot', () => {
  let t: TestEngine;

  beforeAll(async () => {
    t = await startTestEngine();
  });
  afterAll(() => t.close());

  it('is the document the embedded engine serves at /docs-json (regenerate with npm run -s web:api)', async () => {
    const served = (await t.http().get('/docs-json').expect(200)).body as unknown;
    const rendered = JSON.stringify(served, null, 2) + '\n';
    if (process.env.UPDATE_WEB_API === '1') {
      writeFileSync(SNAPSHOT, rendered);
    }
    expect(JSON.parse(readFileSync(SNAPSHOT, 'utf8'))).toEqual(served);
  });
});
