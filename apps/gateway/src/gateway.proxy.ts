import http from 'node:http';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Principal, TokenVerifier } from '#concerto/auth';
import { bodyLimitFor } from '#concerto/config';
import { bearerChallenge, problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from '#concerto/http';

export type UpstreamName = 'alerts' | 'cases' | 'directory' | 'scheduling' | 'notifications';

/** scheduling and notifications are optional: their routes answer 404 until configured. */
export type Upstreams = Record<'alerts' | 'cases' | 'directory', string> &
  Partial<Record<'scheduling' | 'notifications', string>>;

export interface GatewayProxyOptions {
  upstreams: Upstreams;
  verifier: TokenVerifier;
  /** POST /v1/alerts per user and minute. */
  alertRateLimitPerMinute: number;
  /** Whole-request budget for an upstream answer. Default 15000 ms. */
  upstreamTimeoutMs?: number;
  /** Largest request body forwarded, whatever its type (tests). Default: the table of limits, per media type. */
  maxBodyBytes?: number;
}

/**
 * Public routes and the service that owns each (the only paths that ever leave the gateway), most
 * specific first. Answer links (`anonymous`) carry their own signed token instead of a bearer token.
 */
const ROUTES: Array<{ pattern: RegExp; upstream: UpstreamName; anonymous?: boolean }> = [
  { pattern: /^\/v1\/alerts(\/|$)/, upstream: 'alerts' },
  // The records' action items, the exit summary and the next review are scheduling's (ADR 0024); closing the case
  // stays with cases.
  {
    pattern:
      /^\/v1\/cases\/[^/]+\/(participants|consent|concertations|person-link|action-items|exit-summary|next-review)(\/|$)/,
    upstream: 'scheduling',
  },
  { pattern: /^\/v1\/cases\/[^/]+\/tasks(\/|$)/, upstream: 'notifications' },
  { pattern: /^\/v1\/cases(\/|$)/, upstream: 'cases' },
  { pattern: /^\/v1\/bassins\/[^/]+\/rooms(\/|$)/, upstream: 'scheduling' },
  { pattern: /^\/v1\/bassins(\/|$)/, upstream: 'directory' },
  { pattern: /^\/v1\/duty\/me$/, upstream: 'directory' },
  { pattern: /^\/v1\/(rsvp|polls\/answers)\/[^/]+$/, upstream: 'scheduling', anonymous: true },
  // The pages behind those links and the person's own page (ADR 0025): the token in the path is the credential.
  { pattern: /^\/(a|p)\/[^/]+$/, upstream: 'scheduling', anonymous: true },
  { pattern: /^\/me\/[^/]+(\/withdraw)?$/, upstream: 'scheduling', anonymous: true },
  { pattern: /^\/v1\/(concertations|calendars|polls|action-items)(\/|$)/, upstream: 'scheduling' },
  { pattern: /^\/v1\/dev\/mailbox(\/|$)/, upstream: 'notifications' },
  { pattern: /^\/v1\/delivery-reports\/[a-z]+$/, upstream: 'notifications', anonymous: true },
  // A page's acknowledge link is signed and bound to one coordinator and one signal: it is its own credential.
  { pattern: /^\/v1\/pages\/acknowledge\/[^/]+$/, upstream: 'notifications', anonymous: true },
];

/** Request headers a service may see; everything else (cookies, X-Internal-Token, hop-by-hop) stays here. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'authorization',
  'content-type',
  'content-length',
  'idempotency-key',
  'if-match',
  'if-none-match',
  // The token pages refuse a form posted from another site (Origin, else Referer).
  'origin',
  'referer',
  'user-agent',
  'x-twilio-signature',
];

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

// RFC 7235: the scheme is case-insensitive.
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * The public edge of the distributed mode, as an Express middleware: it authenticates the caller,
 * rate-limits alert intake, and streams the request to the owning service with the caller's
 * Authorization, X-Correlation-Id and Idempotency-Key. Internal and unknown paths never leave it.
 */
/** The service that owns a public path, or undefined when the gateway answers 404 for it. */
export function upstreamFor(path: string): UpstreamName | undefined {
  return ROUTES.find((r) => r.pattern.test(path))?.upstream;
}

export class GatewayProxy {
  private readonly logger = new Logger('GatewayProxy');
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 1000 });
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly upstreams: Partial<Record<UpstreamName, URL>>;

  constructor(private readonly opts: GatewayProxyOptions) {
    this.upstreams = Object.fromEntries(
      Object.entries(opts.upstreams)
        .filter(([, url]) => !!url)
        .map(([name, url]) => [name, new URL(url)]),
    );
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    void this.handle(req, res, next).catch((error: unknown) => {
      this.logger.error({
        msg: 'gateway failure',
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      if (!res.headersSent) {
        send(res, problem(500, 'internal-error', 'An unexpected error occurred.'));
      } else {
        res.destroy();
      }
    });
  };

  close(): void {
    this.agent.destroy();
  }

  private async handle(req: Request, res: Response, next: NextFunction): Promise<void> {
    const rawUrl = req.originalUrl;
    const queryAt = rawUrl.indexOf('?');
    const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    if (/^\/internal(\/|$)/i.test(path)) {
      // The service-to-service API is not public, whatever the token.
      return send(res, problem(404, 'http-404', 'Not found.'));
    }
    // The API, and the token pages its links open (/a, /p, /me: ADR 0025); the rest is the web app's.
    if (!/^\/(v1|a|p|me)(\/|$)/i.test(path)) {
      return next();
    }
    if (!isCanonicalPath(path)) {
      return send(res, problem(400, 'bad-path', 'The request path is not valid.'));
    }
    const route = ROUTES.find((r) => r.pattern.test(path));
    if (!route || !this.upstreams[route.upstream]) {
      return send(res, problem(404, 'http-404', 'Not found.'));
    }
    // The services' own limit for this body (docs/limits.md): the same 413 here as behind the gateway.
    const maxBody = this.opts.maxBodyBytes ?? bodyLimitFor(req.headers['content-type']);
    if (Number(req.headers['content-length'] ?? 0) > maxBody) {
      return send(res, problem(413, 'payload-too-large', 'The request body is too large.'));
    }
    if (route.anonymous) {
      return this.forward(req, res, route.upstream, rawUrl, maxBody);
    }

    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match) {
      return unauthorized(
        res,
        'A bearer access token is required.',
        req.headers.authorization ? 'invalid_request' : undefined,
      );
    }
    let principal: Principal;
    try {
      principal = await this.opts.verifier.verify(match[1]);
    } catch {
      return unauthorized(res, 'The access token is invalid or expired.', 'invalid_token');
    }

    if (req.method === 'POST' && /^\/v1\/alerts\/?$/.test(path)) {
      const retryAfter = this.rateLimited(`alert-intake:${principal.userId}`, this.opts.alertRateLimitPerMinute, 60000);
      if (retryAfter !== undefined) {
        res.setHeader('Retry-After', String(retryAfter));
        return send(
          res,
          problem(429, 'rate-limited', 'Too many requests; slow down.', { retryAfterSeconds: retryAfter }),
        );
      }
    }

    await this.forward(req, res, route.upstream, rawUrl, maxBody);
  }

  private forward(req: Request, res: Response, name: UpstreamName, url: string, maxBody: number): Promise<void> {
    const upstream = this.upstreams[name]!;
    const headers: http.OutgoingHttpHeaders = {};
    for (const h of FORWARDED_REQUEST_HEADERS) {
      const v = req.headers[h];
      if (v !== undefined) {
        headers[h] = v;
      }
    }
    // The gateway's (sanitised) correlation id, so one id follows the request through every service.
    const correlationId = res.getHeader('X-Correlation-Id');
    if (correlationId) {
      headers['x-correlation-id'] = String(correlationId);
    }
    headers['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? '';
    headers['x-forwarded-proto'] = req.protocol;
    if (req.headers.host) {
      headers['x-forwarded-host'] = req.headers.host;
    }
    const started = Date.now();
    const timeoutMs = this.opts.upstreamTimeoutMs ?? 15000;

    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (status: number, outcome: string) => {
        if (settled) {
          return;
        }
        settled = true;
        this.logger.log({
          msg: 'proxied',
          method: req.method,
          upstream: name,
          route: templated(url),
          status,
          outcome,
          durationMs: Date.now() - started,
        });
        resolve();
      };
      const upReq = http.request(
        {
          protocol: upstream.protocol,
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: url,
          headers,
          agent: this.agent,
        },
        (upRes) => {
          const out: http.OutgoingHttpHeaders = {};
          for (const [k, v] of Object.entries(upRes.headers)) {
            if (v !== undefined && !HOP_BY_HOP.has(k)) {
              out[k] = v;
            }
          }
          res.writeHead(upRes.statusCode ?? 502, out);
          upRes.pipe(res);
          upRes.on('end', () => finish(upRes.statusCode ?? 502, 'ok'));
          upRes.on('error', () => {
            res.destroy();
            finish(upRes.statusCode ?? 502, 'upstream-aborted');
          });
        },
      );
      const timer = setTimeout(
        () => upReq.destroy(Object.assign(new Error('upstream timeout'), { code: 'UPSTREAM_TIMEOUT' })),
        timeoutMs,
      );
      upReq.on('close', () => clearTimeout(timer));
      upReq.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (res.headersSent) {
          res.destroy();
          finish(502, `error-after-headers:${error.code ?? error.message}`);
          return;
        }
        const p =
          error.code === 'UPSTREAM_TIMEOUT'
            ? problem(504, 'upstream-timeout', 'The service did not answer in time; retry shortly.')
            : error.code === 'BODY_TOO_LARGE'
              ? problem(413, 'payload-too-large', 'The request body is too large.')
              : problem(503, 'service-unavailable', 'The service is temporarily unavailable; retry shortly.');
        if (p.status === 503) {
          res.setHeader('Retry-After', '5');
        }
        send(res, p);
        this.logger.warn({
          msg: 'upstream failed',
          upstream: name,
          method: req.method,
          route: templated(url),
          error: error.code ?? error.message,
        });
        finish(p.status, error.code ?? 'error');
      });
      // The client went away: stop the upstream work it no longer waits for.
      res.on('close', () => {
        if (!res.writableFinished) {
          upReq.destroy();
          finish(499, 'client-closed');
        }
      });

      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBody) {
          req.unpipe(upReq);
          upReq.destroy(Object.assign(new Error('request body too large'), { code: 'BODY_TOO_LARGE' }));
        }
      });
      req.pipe(upReq);
    });
  }

  /** Fixed window per key; returns the seconds to wait when over the limit. */
  private rateLimited(key: string, limit: number, windowMs: number): number | undefined {
    const now = Date.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      if (this.windows.size >= 10000) {
        for (const [k, old] of this.windows) {
          if (now - old.start >= windowMs) {
            this.windows.delete(k);
          }
        }
      }
      this.windows.set(key, { start: now, count: 1 });
      return undefined;
    }
    w.count++;
    return w.count > limit ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : undefined;
  }
}

/** No dot segments, encoded slashes or dots, backslashes or empty segments: what is checked is what the service routes. */
function isCanonicalPath(path: string): boolean {
  return !/%2e|%2f|%5c|\\|\/\/|\/\.{1,2}(\/|$)/i.test(path);
}

function templated(url: string): string {
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
    ':id',
  );
}

function unauthorized(res: Response, detail: string, error?: 'invalid_request' | 'invalid_token'): void {
  res.setHeader('WWW-Authenticate', bearerChallenge(error, error ? detail : undefined));
  send(res, problem(401, 'unauthenticated', 'Authentication required.', { detail }));
}

function send(res: Response, body: ProblemDetails): void {
  const correlationId = res.getHeader('X-Correlation-Id');
  res
    .status(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...body, ...(correlationId ? { correlationId: String(correlationId) } : {}) }));
}
