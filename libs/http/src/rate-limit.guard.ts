import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import { ApiProblemResponses } from './api-document.js';
import { type AuthenticatedRequest } from './auth.guard.js';
import { problem, ProblemException } from './problem.js';

const RATE_LIMIT_KEY = 'concerto:rate-limit';

export interface RateLimitRule {
  bucket: string;
  limit: (config: ConcertoConfig) => number;
  windowMs: number;
  /** Count per client address even when a user is known (routes without an account). */
  byAddress?: boolean;
}

/** A route's (or a controller's) own budget, on top of the per-user write budget; declares its 429 in the API description. */
export const RateLimit = (rule: RateLimitRule) =>
  applyDecorators(SetMetadata(RATE_LIMIT_KEY, rule), ApiProblemResponses(429));

/** The answer links work without an account: a guessed or leaked link is tried per client address. */
export const ANSWER_LINK_RATE_LIMIT: RateLimitRule = {
  bucket: 'answer-link',
  limit: (c) => c.ANSWER_LINK_RATE_LIMIT_PER_MINUTE,
  windowMs: 60_000,
  byAddress: true,
};

/** Every write by an authenticated user (POST/PUT/PATCH/DELETE) shares one budget, so no user can starve the others. */
const USER_WRITES: RateLimitRule = {
  bucket: 'user-writes',
  limit: (c) => c.WRITE_RATE_LIMIT_PER_MINUTE,
  windowMs: 60_000,
};
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Fixed-window limits per caller (user id, else client address): every authenticated write
 * (WRITE_RATE_LIMIT_PER_MINUTE), plus a route's own budget such as alert intake or the answer
 * links. Per process: each instance enforces its own share.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const rules: RateLimitRule[] = [];
    if (req.principal && WRITE_METHODS.has(req.method)) {
      rules.push(USER_WRITES);
    }
    const own = this.reflector.getAllAndOverride<RateLimitRule | undefined>(RATE_LIMIT_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (own) {
      rules.push(own);
    }
    for (const rule of rules) {
      const caller = (rule.byAddress ? undefined : req.principal?.userId) ?? req.ip ?? 'unknown';
      const retryAfter = this.take(`${rule.bucket}:${caller}`, rule.limit(this.config), rule.windowMs);
      if (retryAfter !== undefined) {
        ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
        throw new ProblemException(
          problem(429, 'rate-limited', 'Too many requests; slow down.', { retryAfterSeconds: retryAfter }),
        );
      }
    }
    return true;
  }

  /** Counts one request in the key's window; the seconds to wait when over the limit. */
  private take(key: string, limit: number, windowMs: number): number | undefined {
    const now = Date.now();
    const window = this.windows.get(key);
    if (!window || now - window.start >= windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      this.evictOld(now, windowMs);
      return undefined;
    }
    window.count++;
    return window.count > limit ? Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) : undefined;
  }

  private evictOld(now: number, windowMs: number): void {
    if (this.windows.size < 10000) {
      return;
    }
    for (const [key, w] of this.windows) {
      if (now - w.start >= windowMs) {
        this.windows.delete(key);
      }
    }
  }
}
