import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import { problem, ProblemException } from './problem.js';

/**
 * Guards the service-to-service API of the distributed mode with a shared secret. Without a
 * configured secret (embedded mode) the internal API answers 404, as if it did not exist.
 */
@Injectable()
export class InternalApiGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: ConcertoConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const expected = this.config.INTERNAL_API_TOKEN;
    if (!expected) {
      throw new ProblemException(problem(404, 'http-404', 'Not found.'));
    }
    const given = ctx.switchToHttp().getRequest<Request>().header('x-internal-token') ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new ProblemException(problem(401, 'unauthenticated', 'Authentication required.'));
    }
    return true;
  }
}

export const InternalOnly = () => applyDecorators(UseGuards(InternalApiGuard));
