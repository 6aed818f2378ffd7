import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import type { DevIdentityProvider, Principal, TokenVerifier } from '#concerto/auth';
import type { ConcertoConfig } from '#concerto/config';
import { problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from '#concerto/http';
import { type DemoProfessional, devSignInPage, type Language, LANGUAGES, PAGE_CSP, pickLanguage } from './pages.js';
import { type SessionStore, storeKey } from './session-store.js';

export const SESSION_COOKIE = 'concerto_session';
const LOGIN_COOKIE = 'concerto_login';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Development tokens live a quarter of an hour; the session re-issues them while it lasts. */
const DEV_TOKEN_SECONDS = 15 * 60;
/** A token this close to its expiry is renewed before it is forwarded. */
const RENEW_BEFORE_MS = 60_000;
/** The last-seen time is written at most this often (one store write per quarter minute, not per request). */
const TOUCH_EVERY_MS = 15_000;
const LOGIN_TTL_MS = 10 * 60_000;
const MAX_FORM_BYTES = 4096;

/** What the engine keeps for a signed-in browser. The access token never leaves the server. */
interface BrowserSession {
  userId: string;
  displayName: string;
  language: Language;
  csrfToken: string;
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken?: string;
  /** The provider's ID token, kept only as the `id_token_hint` of the end-session request at logout. */
  idToken?: string;
  source: 'dev' | 'oidc';
  createdAt: number;
  lastSeenAt: number;
}

/** An authorization request in flight (OIDC): bound to the browser by the login cookie. */
interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  language: Language;
}

export interface BrowserSessionsOptions {
  config: ConcertoConfig;
  /** The engine's own verifier (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL): a session's token is what a bearer would be. */
  verifier: TokenVerifier;
  store: SessionStore;
  /** The development issuer; with it (and neither NODE_ENV=production nor OIDC_ISSUER_URL) /auth/dev signs in. */
  devIdp?: DevIdentityProvider;
  /** The demo directory's professionals (DIRECTORY_SEED_FILE), listed on /auth/dev. */
  users: DemoProfessional[];
  now?: () => number;
}

export interface BrowserSessions {
  /** /auth/*: sign-in (development or OIDC), callback, logout, me. Anything else passes through. */
  routes: RequestHandler;
  /**
   * For /v1/*: a request without Authorization but with the session cookie gets the session's
   * token as `Authorization: Bearer`, so the guards (embedded) or the proxy (gateway) see the same
   * Principal as for a bearer request; unsafe methods need the X-CSRF-Token header first.
   */
  authenticate: RequestHandler;
  close(): Promise<void>;
}

const newId = () => randomBytes(32).toString('base64url');

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Only a path of this site: never `//evil.example` or a full URL (no open redirect). */
function localPath(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 512 && /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : undefined;
}

function sendProblem(res: Response, body: ProblemDetails): void {
  const correlationId = res.getHeader('X-Correlation-Id');
  res
    .status(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...body, ...(correlationId ? { correlationId: String(correlationId) } : {}) }));
}

const notFound = (res: Response) => sendProblem(res, problem(404, 'http-404', 'Not found.'));

/** The form fields of a small urlencoded (or JSON) body, whether or not a body parser already read it. */
async function readForm(req: Request): Promise<Record<string, unknown>> {
  if (req.readableEnded) {
    // The engine's body parser read it already (the gateway has none).
    const parsed = req.body as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'application/json') {
    return {};
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      throw Object.assign(new Error('form too large'), { status: 413 });
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (type === 'application/json') {
    try {
      const value = JSON.parse(text) as unknown;
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    } catch {
      throw Object.assign(new Error('malformed JSON'), { status: 400 });
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * The backend-for-frontend of the web app (ADR 0022): the engine signs the browser in, keeps the
 * tokens in a server-side session, and gives the browser only an opaque, httpOnly, SameSite=Lax
 * cookie. The same code runs in the embedded engine and in the gateway.
 */
export function createBrowserSessions(opts: BrowserSessionsOptions): BrowserSessions {
  const logger = new Logger('BrowserSessions');
  const { config, store, verifier } = opts;
  const now = opts.now ?? Date.now;
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  const maxMs = config.SESSION_MAX_HOURS * 3_600_000;
  const secure = config.PUBLIC_BASE_URL.startsWith('https:');
  const publicOrigin = new URL(config.PUBLIC_BASE_URL).origin;
  const devEnabled = !!opts.devIdp && config.NODE_ENV !== 'production' && !config.OIDC_ISSUER_URL;
  const usersById = new Map(opts.users.map((u) => [u.id, u]));

  const cookie = (name: string, value: string, maxAgeSeconds: number, path = '/') =>
    `${name}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  const setCookies = (res: Response, ...cookies: string[]) => {
    const existing = res.getHeader('Set-Cookie');
    const list = Array.isArray(existing) ? existing : existing ? [String(existing)] : [];
    res.setHeader('Set-Cookie', [...list, ...cookies]);
  };
  const clearSessionCookie = (res: Response) => setCookies(res, cookie(SESSION_COOKIE, '', 0));

  // --- OIDC client (discovered on first use, so the engine starts while the provider is down) ---
  let oidcConfig: Promise<oidc.Configuration> | undefined;
  const oidcClient = (): Promise<oidc.Configuration> => {
    if (!oidcConfig) {
      const issuer = new URL(config.OIDC_ISSUER_URL!);
      // Plain http only towards a provider on this machine (development, tests).
      const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
      oidcConfig = oidc
        .discovery(
          issuer,
          config.OIDC_CLIENT_ID!,
          config.OIDC_CLIENT_SECRET,
          config.OIDC_CLIENT_SECRET ? oidc.ClientSecretBasic(config.OIDC_CLIENT_SECRET) : oidc.None(),
          { execute: loopback && issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [] },
        )
        .catch((error: unknown) => {
          oidcConfig = undefined;
          throw error;
        });
    }
    return oidcConfig;
  };
  const resourceParams = (): Record<string, string> => (config.OIDC_RESOURCE ? { resource: config.OIDC_RESOURCE } : {});

  const tokenExpiry = (token: string): number => {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? exp * 1000 : now() + DEV_TOKEN_SECONDS * 1000;
  };

  const save = async (id: string, session: BrowserSession): Promise<void> => {
    const ttl = Math.min(idleMs, session.createdAt + maxMs - now());
    if (ttl <= 0) {
      await store.delete(storeKey('session', id));
      return;
    }
    await store.set(storeKey('session', id), session, ttl);
  };

  const startSession = async (
    res: Response,
    fields: Omit<BrowserSession, 'csrfToken' | 'createdAt' | 'lastSeenAt'>,
  ): Promise<void> => {
    const id = newId();
    const at = now();
    await save(id, { ...fields, csrfToken: newId(), createdAt: at, lastSeenAt: at });
    setCookies(res, cookie(SESSION_COOKIE, id, Math.floor(maxMs / 1000)));
  };

  /** A fresh access token for the session, or undefined when it cannot be renewed (the session ends). */
  const renew = async (session: BrowserSession): Promise<boolean> => {
    try {
      if (session.source === 'dev') {
        const user = usersById.get(session.userId);
        if (!user || !devEnabled) {
          return false;
        }
        session.accessToken = await opts.devIdp!.issue(user, DEV_TOKEN_SECONDS);
      } else {
        if (!session.refreshToken) {
          return false;
        }
        const tokens = await oidc.refreshTokenGrant(await oidcClient(), session.refreshToken, resourceParams());
        session.accessToken = tokens.access_token;
        session.refreshToken = tokens.refresh_token ?? session.refreshToken;
      }
      await verifier.verify(session.accessToken);
      session.accessTokenExpiresAt = tokenExpiry(session.accessToken);
      return true;
    } catch (error) {
      logger.warn({ msg: 'browser session token not renewed', source: session.source, error: String(error) });
      return false;
    }
  };

  /** The request's live session (idle and absolute expiry checked, token renewed), or undefined. */
  const activeSession = async (
    req: Request,
    res: Response,
  ): Promise<{ id: string; session: BrowserSession } | undefined> => {
    const id = readCookie(req, SESSION_COOKIE);
    if (!id) {
      return undefined;
    }
    const session = await store.get<BrowserSession>(storeKey('session', id));
    const at = now();
    if (!session || at - session.lastSeenAt >= idleMs || at - session.createdAt >= maxMs) {
      if (session) {
        await store.delete(storeKey('session', id));
      }
      clearSessionCookie(res);
      return undefined;
    }
    let changed = false;
    if (session.accessTokenExpiresAt - at < RENEW_BEFORE_MS) {
      if (!(await renew(session))) {
        await store.delete(storeKey('session', id));
        clearSessionCookie(res);
        return undefined;
      }
      changed = true;
    }
    if (changed || at - session.lastSeenAt >= TOUCH_EVERY_MS) {
      session.lastSeenAt = at;
      await save(id, session);
    }
    return { id, session };
  };

  /** Sign-in and sign-out forms are only accepted from this site's own pages (login CSRF). */
  const crossSite = (req: Request): boolean => {
    // Browsers send Sec-Fetch-Site on every request; with Referrer-Policy: no-referrer (helmet) their
    // Origin is `null` on form posts, so Origin is only the fallback for clients without it.
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined) {
      return site !== 'same-origin' && site !== 'none';
    }
    const origin = req.headers.origin;
    if (!origin || origin === 'null') {
      return origin === 'null';
    }
    return origin !== publicOrigin && origin !== `${req.protocol}://${req.get('host')}`;
  };

  const devPage = (req: Request, res: Response): void => {
    if (!devEnabled) {
      return notFound(res);
    }
    const lang = pickLanguage(req.query.lang, req.headers['accept-language']);
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('Content-Language', lang);
    res
      .status(200)
      .type('html')
      .send(devSignInPage(lang, opts.users, localPath(req.query.returnTo)));
  };

  const devSignIn = async (req: Request, res: Response): Promise<void> => {
    if (!devEnabled) {
      return notFound(res);
    }
    if (crossSite(req)) {
      return sendProblem(res, problem(403, 'cross-site-request', 'Sign-in is only accepted from this site.'));
    }
    const form = await readForm(req);
    const user = typeof form.userId === 'string' ? usersById.get(form.userId) : undefined;
    if (!user) {
      return sendProblem(
        res,
        problem(400, 'validation-failed', 'The request is not valid.', {
          errors: [{ field: 'userId', reason: 'must be the id of a demo user' }],
        }),
      );
    }
    const accessToken = await opts.devIdp!.issue(user, DEV_TOKEN_SECONDS);
    const preferred = (user.languages ?? []).find((l): l is Language => (LANGUAGES as readonly string[]).includes(l));
    const language =
      typeof form.lang === 'string' && (LANGUAGES as readonly string[]).includes(form.lang)
        ? (form.lang as Language)
        : (preferred ?? pickLanguage(undefined, req.headers['accept-language']));
    await startSession(res, {
      userId: user.id,
      displayName: user.displayName,
      language,
      accessToken,
      accessTokenExpiresAt: tokenExpiry(accessToken),
      source: 'dev',
    });
    res.redirect(303, localPath(form.returnTo) ?? '/');
  };

  const login = async (req: Request, res: Response): Promise<void> => {
    if (!config.OIDC_ISSUER_URL) {
      return notFound(res);
    }
    let client: oidc.Configuration;
    try {
      client = await oidcClient();
    } catch (error) {
      logger.warn({ msg: 'OIDC discovery failed', error: String(error) });
      res.setHeader('Retry-After', '5');
      return sendProblem(
        res,
        problem(503, 'identity-provider-unavailable', 'The identity provider does not answer; retry shortly.'),
      );
    }
    const pending: PendingLogin = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo: localPath(req.query.returnTo) ?? '/',
      language: pickLanguage(req.query.lang, req.headers['accept-language']),
    };
    const loginId = newId();
    await store.set(storeKey('login', loginId), pending, LOGIN_TTL_MS);
    setCookies(res, cookie(LOGIN_COOKIE, loginId, LOGIN_TTL_MS / 1000, '/auth'));
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: `${config.PUBLIC_BASE_URL}/auth/callback`,
      scope: config.OIDC_SCOPES,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      ui_locales: pending.language,
      ...resourceParams(),
    });
    res.redirect(302, url.href);
  };

  const callback = async (req: Request, res: Response): Promise<void> => {
    if (!config.OIDC_ISSUER_URL) {
      return notFound(res);
    }
    const loginId = readCookie(req, LOGIN_COOKIE);
    const pending = loginId ? await store.get<PendingLogin>(storeKey('login', loginId)) : undefined;
    if (loginId) {
      // One use only: a replayed callback finds nothing.
      await store.delete(storeKey('login', loginId));
      setCookies(res, cookie(LOGIN_COOKIE, '', 0, '/auth'));
    }
    const failed = (reason: string) => {
      logger.warn({ msg: 'OIDC sign-in refused', reason });
      sendProblem(res, problem(400, 'sign-in-failed', 'The sign-in could not be completed; start again.'));
    };
    if (!pending) {
      return failed('no sign-in in progress for this browser');
    }
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(
        await oidcClient(),
        new URL(req.originalUrl, config.PUBLIC_BASE_URL),
        {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        },
        resourceParams(),
      );
    } catch (error) {
      return failed(error instanceof Error ? `${error.name}: ${error.message}` : 'token exchange failed');
    }
    let principal: Principal;
    try {
      principal = await verifier.verify(tokens.access_token);
    } catch (error) {
      // The provider's access token must be one the API accepts (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL).
      return failed(`access token not accepted by the engine: ${String(error)}`);
    }
    const claims = tokens.claims();
    if (claims?.sub !== principal.userId) {
      return failed('the ID token and the access token name different subjects');
    }
    const name = [claims.name, claims.preferred_username].find((v): v is string => typeof v === 'string');
    const locale = typeof claims.locale === 'string' ? claims.locale.slice(0, 2).toLowerCase() : undefined;
    await startSession(res, {
      userId: principal.userId,
      displayName: name ?? principal.userId,
      language: (LANGUAGES as readonly string[]).includes(locale ?? '') ? (locale as Language) : pending.language,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: tokenExpiry(tokens.access_token),
      refreshToken: tokens.refresh_token,
      idToken: tokens.id_token,
      source: 'oidc',
    });
    res.redirect(303, pending.returnTo);
  };

  /**
   * Where the browser goes once signed out: the provider's end-session endpoint (RP-initiated logout,
   * when its discovery document advertises one) so that the provider's own session ends too, and it
   * sends the browser back to the app; else the app itself.
   */
  const afterLogout = async (session: BrowserSession | undefined): Promise<string> => {
    if (!config.OIDC_ISSUER_URL || session?.source !== 'oidc' || !session.idToken) {
      return '/';
    }
    try {
      const client = await oidcClient();
      if (!client.serverMetadata().end_session_endpoint) {
        return '/';
      }
      return oidc.buildEndSessionUrl(client, {
        id_token_hint: session.idToken,
        post_logout_redirect_uri: `${config.PUBLIC_BASE_URL}/`,
      }).href;
    } catch (error) {
      // The local session is over either way; the provider's may outlive it (signing in again is then silent).
      logger.warn({ msg: 'OIDC end-session URL unavailable', error: String(error) });
      return '/';
    }
  };

  const logout = async (req: Request, res: Response): Promise<void> => {
    if (crossSite(req)) {
      return sendProblem(res, problem(403, 'cross-site-request', 'Sign-out is only accepted from this site.'));
    }
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await store.get<BrowserSession>(storeKey('session', id)) : undefined;
    if (id && session) {
      const form = req.headers[CSRF_HEADER] === undefined ? await readForm(req) : {};
      const presented = req.headers[CSRF_HEADER] ?? form.csrfToken;
      if (typeof presented !== 'string' || !sameSecret(presented, session.csrfToken)) {
        return sendProblem(res, csrfProblem());
      }
      await store.delete(storeKey('session', id));
    }
    clearSessionCookie(res);
    if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      // A top-level form post (the web app's sign-out button): the browser follows to the provider.
      return res.redirect(303, await afterLogout(session));
    }
    res.status(204).end();
  };

  const me = async (req: Request, res: Response): Promise<void> => {
    const active = await activeSession(req, res);
    let principal: Principal | undefined;
    try {
      principal = active ? await verifier.verify(active.session.accessToken) : undefined;
    } catch {
      principal = undefined;
    }
    if (!active || !principal) {
      return sendProblem(
        res,
        problem(401, 'unauthenticated', 'Authentication required.', { detail: 'Not signed in.' }),
      );
    }
    const { session } = active;
    res.status(200).json({
      userId: principal.userId,
      displayName: session.displayName,
      roles: principal.roles,
      bassins: principal.bassins,
      language: session.language,
      csrfToken: session.csrfToken,
    });
  };

  const ROUTES: Record<string, (req: Request, res: Response) => void | Promise<void>> = {
    'GET /auth/dev': devPage,
    'POST /auth/dev': devSignIn,
    'GET /auth/login': login,
    'GET /auth/callback': callback,
    'POST /auth/logout': logout,
    'GET /auth/me': me,
  };

  const fail = (res: Response, next: NextFunction) => (error: unknown) => {
    const status = (error as { status?: number }).status;
    if (res.headersSent) {
      return next(error);
    }
    if (status === 413) {
      return sendProblem(res, problem(413, 'payload-too-large', 'The request body is too large.'));
    }
    if (status === 400) {
      return sendProblem(res, problem(400, 'malformed-body', 'The request body is not valid.'));
    }
    logger.error({ msg: 'browser session failure', error: error instanceof Error ? error.message : String(error) });
    res.setHeader('Retry-After', '5');
    sendProblem(res, problem(503, 'service-unavailable', 'The service is temporarily unavailable; retry shortly.'));
  };

  const routes: RequestHandler = (req, res, next) => {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const handler = ROUTES[`${method} ${req.path}`];
    if (!handler) {
      return next();
    }
    void Promise.resolve()
      .then(() => handler(req, res))
      .catch(fail(res, next));
  };

  const authenticate: RequestHandler = (req, res, next) => {
    if (req.headers.authorization !== undefined || !/^\/v1(\/|$)/i.test(req.path) || !readCookie(req, SESSION_COOKIE)) {
      // Bearer requests, and everything outside the API, exactly as before.
      return next();
    }
    void (async () => {
      const active = await activeSession(req, res);
      if (!active) {
        return next();
      }
      if (UNSAFE.has(req.method)) {
        const presented = req.headers[CSRF_HEADER];
        if (typeof presented !== 'string' || !sameSecret(presented, active.session.csrfToken)) {
          return sendProblem(res, csrfProblem());
        }
      }
      req.headers.authorization = `Bearer ${active.session.accessToken}`;
      next();
    })().catch(fail(res, next));
  };

  return { routes, authenticate, close: () => store.close() };
}

function csrfProblem(): ProblemDetails {
  return problem(403, 'csrf-token-invalid', 'The request lacks a valid CSRF token.', {
    detail: `Requests signed in by the session cookie must send the ${'X-CSRF-Token'} header given by GET /auth/me.`,
  });
}
