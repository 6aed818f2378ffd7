import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Everything the engine serves but /docs: JSON, problem+json and the letters rendered as HTML.
 * Nothing may run, load or frame; the letters' own <style> block is the only inline resource
 * (styles cannot execute code, and its content differs by reading level, so no single hash).
 */
const STRICT_CSP = {
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ['data:'],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI loads its bundle, preset and init script from /docs itself (no inline script), so
 * scripts stay same-origin; it needs inline styles, data: images (its icons) and fetches the
 * OpenAPI document from this origin.
 */
const DOCS_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The token pages (/a, /p, /me; ADR 0025): no script at all, their one stylesheet from this
 * origin, forms that post back to this origin only. Their referrer policy is same-origin so the
 * browser's Origin header on their own form posts names this origin (no-referrer would make it
 * "null"), which the pages check against PUBLIC_BASE_URL.
 */
const PAGES_CSP = {
  'default-src': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};
const PAGE_PATH = /^\/(a|p|me)\//;

const common = {
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  crossOriginOpenerPolicy: { policy: 'same-origin' as const },
  crossOriginResourcePolicy: { policy: 'same-origin' as const },
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
};

const strict = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP } });
const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } });
const pages = helmet({
  ...common,
  referrerPolicy: { policy: 'same-origin' },
  contentSecurityPolicy: { useDefaults: false, directives: PAGES_CSP },
});

/**
 * helmet on every response (HSTS, COOP, CORP, nosniff, frame denial, no referrer) with a strict
 * CSP, relaxed only for the Swagger UI under /docs. Personal data must never be cached by a
 * browser or a proxy.
 */
export function securityHeadersMiddleware(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  const path = req.path;
  (path === '/docs' || path.startsWith('/docs/') ? docs : PAGE_PATH.test(path) ? pages : strict)(req, res, next);
}
