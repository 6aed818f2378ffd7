import { alertBody, startTestEngine, type TestEngine, uniquePerson } from '#concerto/testing';

/** Issue 14: the holes an outside attacker found, each pinned by a test. */
describe('hardening (embedded)', () => {
  let t: TestEngine;
  let pharmacist: string;

  beforeAll(async () => {
    t = await startTestEngine();
    pharmacist = await t.token('pro-pharmacist');
  });
  afterAll(() => t.close());

  describe('security headers and auth scheme', () => {
    const expectHelmet = (headers: Record<string, string>) => {
      expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['cache-control']).toBe('no-store');
    };

    it('should send helmet headers with a strict CSP on API answers and errors', async () => {
      for (const res of [await t.http().get('/health'), await t.http().get('/v1/bassins'), await t.http().get('/v1/bassins').set('Authorization', `Bearer ${pharmacist}`)]) {
        expectHelmet(res.headers as Record<string, string>);
        const csp = res.headers['content-security-policy'] as string;
        expect(csp).toMatch(/default-src 'none'/);
        expect(csp).toMatch(/frame-ancestors 'none'/);
        expect(csp).not.toMatch(/script-src/);
      }
    });

    it('should serve /docs under its own CSP, and every script the page loads is same-origin and served', async () => {
      const ui = await t.http().get('/docs');
      expect(ui.status).toBe(200);
      expectHelmet(ui.headers as Record<string, string>);
      const csp = ui.headers['content-security-policy'] as string;
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      const html = ui.text;
      // An inline script would be blocked by script-src 'self': the page must have none.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const scripts = [...html.matchAll(/<script[^>]*\bsrc=["']([^"']+)["']/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) {
        expect(src).not.toMatch(/^(https?:)?\/\//);
        const res = await t.http().get(new URL(src, 'http://x/docs').pathname);
        expect([src, res.status]).toEqual([src, 200]);
      }
      const styles = [...html.matchAll(/<link[^>]*\bhref=["']([^"']+\.css)["']/g)].map((m) => m[1]);
      for (const href of styles) {
        expect((await t.http().get(new URL(href, 'http://x/docs').pathname)).status).toBe(200);
      }
    });

    it('should accept the bearer scheme in any case (RFC 7235)', async () => {
      for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
        expect([scheme, (await t.http().get('/v1/bassins').set('Authorization', `${scheme} ${pharmacist}`)).status]).toEqual([scheme, 200]);
      }
    });
  });
});
