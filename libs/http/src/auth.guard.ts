import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { hasRole, type Principal, Role, TokenVerifier } from '#concerto/auth';
import { bearerChallenge, problem, ProblemException } from './problem.js';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
const PUBLIC_KEY = 'concerto:public';
const ROLES_KEY = 'concerto:roles';

/** Marks health, readiness and docs routes that need no token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Restricts a route to the given roles (function-level authorisation). */
export const RequireRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export type AuthenticatedRequest = Request & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) {
    throw new ProblemException(problem(401, 'unauthenticated', 'Authentication required.'));
  }
  return principal;
});

@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      return true;
    }
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization ?? '';
    // RFC 7235: the scheme is case-insensitive.
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (!match) {
      // A malformed Authorization header is a bad request in RFC 6750's terms; none at all carries no error code.
      throw unauthorized('A bearer access token is required.', header ? 'invalid_request' : undefined);
    }
    try {
      req.principal = await this.verifier.verify(match[1]);
    } catch {
      throw unauthorized('The access token is invalid or expired.', 'invalid_token');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !hasRole(req.principal, ...roles)) {
      throw new ProblemException(problem(403, 'forbidden', 'Your role does not allow this action.'));
    }
    return true;
  }
}

function unauthorized(detail: string, error?: 'invalid_request' | 'invalid_token'): ProblemException {
  return new ProblemException(problem(401, 'unauthenticated', 'Authentication required.', { detail }), {
    'WWW-Authenticate': bearerChallenge(error, error ? detail : undefined),
  });
}
