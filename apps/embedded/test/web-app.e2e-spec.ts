import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEngine, type TestEngine } from '#concerto/testing';

describe('the web app served by the embedded engine at /', () => {
  let t: TestEngine;
  let web: string;

  beforeAll(async () => {
    web = mkdtempSync(join(tmpdir(), 'concerto-web-'));
    t = await startTestEngine({ config: { WEB_DIR: web, PORT: '4321' } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('should default PUBLIC_BASE_URL to its own port', () => {
    expect(t.engine.config.PUBLIC_BASE_URL).toBe('http://localhost:4321');
  });

  it('should say that the web app is not built, in the reader language, rather than fail', async () => {
    for (const path of ['/', '/cases/123']) {
      const res = await t.http().get(path).set('Accept-Language', 'nl-BE');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<html lang="nl">');
      expect(res.text).toContain('npm run build');
    }
  });

  it('should serve the build once it exists, with index.html for client routes', async () => {
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Concerto app</title>');
    writeFileSync(join(web, 'assets', 'index-9a8b7c.css'), 'body{}');
    for (const path of ['/', '/cases/123', '/worklist']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Concerto app');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const css = await t.http().get('/assets/index-9a8b7c.css');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('should leave the API, the session, health and docs to themselves', async () => {
    const api = await t.http().get('/v1/cases');
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const path of ['/v1/nothing', '/auth/nothing', '/assets/missing-000.js', '/a/x', '/p/x', '/me/x']) {
      const res = await t.http().get(path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.text).not.toContain('Concerto app');
    }
    expect((await t.http().get('/health')).body).toMatchObject({ status: expect.any(String) });
    expect((await t.http().get('/docs-json')).body).toMatchObject({ openapi: expect.any(String) });
    // Writes to an app path are not the app's: 404, never index.html.
    expect((await t.http().post('/cases/123').send({})).text).not.toContain('Concerto app');
  });
});
