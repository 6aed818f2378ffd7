import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PAGE_CSP, pickLanguage, webAppCsp, webAppNotBuiltPage } from './pages.js';

/**
 * Paths the web app never answers: the API, the browser session, the docs, health and readiness,
 * the development issuer, the server-rendered pages (answer, poll, person), and internal routes.
 * /assets/* is served from the build but never falls back to index.html.
 */
const NOT_THE_APP = /^\/(?:(?:v1|auth|dev-idp|a|p|me|internal|ready|metrics)(?:\/|$)|docs|health)/i;

/** Vite names its bundles after their content hash: they never change under one name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files: checked with the server at each load, so a new build shows at once. */
const REVALIDATE = 'no-cache';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The file under root the URL path names, or undefined for anything odd (traversal, dot files, NUL). */
function fileUnder(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || /(^|\/)\./.test(decoded)) {
    return undefined;
  }
  const file = resolve(root, `.${decoded}`);
  return file.startsWith(root + sep) ? file : undefined;
}

/**
 * Serves the single-page app built into `dir` (dist/web) at `/`: its files as they are, and
 * index.html for every other path that belongs to the app (client-side routes). Without a build,
 * a short page says so (never a 500). Mounted before the API's router in both modes.
 */
export function webAppMiddleware(opts: {
  dir: string;
  /** OIDC_ISSUER_URL, when set: its origin may receive the sign-out form's redirect (end-session). */
  identityProvider?: string;
}): RequestHandler {
  const root = resolve(opts.dir);
  const csp = webAppCsp(opts.identityProvider);
  const index = resolve(root, 'index.html');

  const send = (res: Response, next: NextFunction, file: string, cacheControl: string): void => {
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('Content-Security-Policy', csp);
    res.sendFile(file, { cacheControl: false, dotfiles: 'deny' }, (error?: Error) => {
      if (error && !res.headersSent) {
        next(error);
      }
    });
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return next();
    }
    const path = req.path;
    const isAsset = /^\/assets\//.test(path);
    if (!isAsset && NOT_THE_APP.test(path)) {
      return next();
    }
    void (async () => {
      const file = path === '/' ? undefined : fileUnder(root, path);
      if (file && (await isFile(file))) {
        return send(res, next, file, isAsset ? IMMUTABLE : REVALIDATE);
      }
      if (isAsset) {
        // A stale page asking for a bundle of an older build: a plain 404, never index.html as script.
        return next();
      }
      if (await isFile(index)) {
        return send(res, next, index, REVALIDATE);
      }
      res.status(200);
      res.setHeader('Cache-Control', REVALIDATE);
      res.setHeader('Content-Security-Policy', PAGE_CSP);
      res.type('html').send(webAppNotBuiltPage(pickLanguage(req.query.lang, req.headers['accept-language'])));
    })().catch(next);
  };
}
