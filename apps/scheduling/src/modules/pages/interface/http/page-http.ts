import type { Request, Response } from 'express';
import { AppException } from '#concerto/ddd';
import { PAGES_CSS } from './views/pages.css.js';
import { trilingualProblem } from './views/layout.js';

/**
 * The token pages' own guard against cross-site posts. There is no session to protect: the token
 * in the URL is the credential, and the form posts back to that same URL. Still, a post must not
 * come from another site's page: when the browser says where it comes from (Origin, else Referer),
 * that must be the engine's public address.
 */
export function postComesFromUs(req: Request, publicBaseUrl: string): boolean {
  const ours = new URL(publicBaseUrl).origin;
  const origin = req.get('origin');
  if (origin !== undefined) {
    return origin === ours;
  }
  const referer = req.get('referer');
  if (referer !== undefined) {
    try {
      return new URL(referer).origin === ours;
    } catch {
      return false;
    }
  }
  return true;
}

export function sendPage(res: Response, status: number, body: string): void {
  res.status(status).type('text/html; charset=utf-8').send(body);
}

export function sendStyle(res: Response): void {
  res.status(200).type('text/css; charset=utf-8').setHeader('Cache-Control', 'public, max-age=86400');
  res.send(PAGES_CSS);
}

/** The page for a link that does not hold: 404 unknown, 410 gone (expired, replaced, cancelled, closed). */
export function sendLinkProblem(
  res: Response,
  error: unknown,
  phone: string | undefined,
  gone: 'gone' | 'poll-closed' | 'me-gone' = 'gone',
): void {
  if (!(error instanceof AppException)) {
    throw error;
  }
  switch (error.code) {
    case 'LINK_NOT_FOUND':
      return sendPage(res, 404, trilingualProblem('unknown', phone));
    case 'CONCERTATION_CANCELLED':
      return sendPage(res, 410, trilingualProblem('cancelled', phone));
    case 'POLL_CLOSED':
      return sendPage(res, 410, trilingualProblem('poll-closed', phone));
    case 'LINK_NO_LONGER_VALID':
    case 'LINK_EXPIRED':
      return sendPage(res, 410, trilingualProblem(gone, phone));
    default:
      throw error;
  }
}

export function crossSiteRefused(res: Response): void {
  res.status(403).type('text/plain; charset=utf-8').send('Forbidden: this form must be sent from its own page.');
}

export function badForm(res: Response): void {
  res.status(400).type('text/plain; charset=utf-8').send('Bad request: please use the buttons of the page.');
}

/** Post/Redirect/Get: back to the page (relative, so it works behind any proxy), in the language it was shown in. */
export function backToPage(token: string, lang: unknown): string {
  const asked = typeof lang === 'string' && /^(fr|nl|en)$/.test(lang) ? `?lang=${lang}` : '';
  return `${encodeURIComponent(token)}${asked}`;
}
