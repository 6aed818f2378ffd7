import { applyDecorators, type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import { ApiProblemResponses } from './api-document.js';
import { type AuthenticatedRequest } from './auth.guard.js';
import { problem, ProblemException } from './problem.js';

const RATE_LIMIT_KEY = 'concerto:rate-limit';

export interface RateLimitRule {
  bucket: string;
  limit: (config: ConcertoConfig) => number;
  windowMs: number;
}

/** Limits the route and declares its 429 in the API description. */
export const RateLimit = (rule: RateLimitRule) => applyDecorators(SetMetadata(RATE_LIMIT_KEY, rule), ApiProblemResponses(429));

/**
 * Fixed-window limit per caller (user id, else client address) on expensive or abusable
 * routes such as alert intake. Per process: each instance enforces its own share.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT_KEY, ctx.getHandler());
    if (!rule) {
      return true;
    }
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = req.principal?.userId ?? req.ip ?? 'unknown';
    const key = `${rule.bucket}:${caller}`;
    const now = Date.now();
    const window = this.windows.get(key);
    if (!window || now - window.start >= rule.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      this.evictOld(now, rule.windowMs);
      return true;
    }
    window.count++;
    if (window.count > rule.limit(this.config)) {
      const retryAfter = Math.ceil((window.start + rule.windowMs - now) / 1000);
      ctx.switchToHttp().getResponse().setHeader('Retry-After', String(retryAfter));
      throw new ProblemException(problem(429, 'rate-limited', 'Too many requests; slow down.', { retryAfterSeconds: retryAfter }));
    }
    return true;
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
