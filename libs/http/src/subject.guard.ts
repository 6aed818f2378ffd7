import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Principal } from '#concerto/auth';
import { type DirectorySubject, SUBJECT_DIRECTORY_API, type SubjectDirectoryApi } from '#concerto/contracts';
import { currentCorrelationId } from '#concerto/observability';
import { type AuthenticatedRequest } from './auth.guard.js';
import { problem, ProblemException } from './problem.js';

/** How long a subject's directory entry is trusted; a deactivation takes effect within this time. */
export const SUBJECT_CACHE_MS = 30_000;
const MAX_CACHED = 5000;

/**
 * A valid signature is not enough: the token's subject must be an active person of the directory
 * with every role and bassin the token claims. Runs after BearerAuthGuard; anything else gets 403
 * and an audit entry in the directory. Resolutions are cached briefly, so a case read costs no
 * extra hop to the directory each time in the distributed mode.
 */
@Injectable()
export class SubjectGuard implements CanActivate {
  private readonly logger = new Logger('SubjectGuard');
  private readonly cache = new Map<string, { at: number; subject: DirectorySubject | undefined }>();

  constructor(private readonly moduleRef: ModuleRef) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) {
      return true;
    }
    const directory = this.directory();
    const subject = await this.resolve(directory, principal.userId);
    const reason = unconfirmed(principal, subject);
    if (reason) {
      await directory
        .recordDeniedAttempt({ subjectId: principal.userId, reason, correlationId: currentCorrelationId() })
        .catch((error: unknown) => {
          this.logger.warn({
            msg: 'denied subject could not be audited',
            reason,
            error: error instanceof Error ? error.message : String(error),
          });
        });
      throw new ProblemException(
        problem(403, 'unknown-subject', 'Your account is not known to the directory with these rights.'),
      );
    }
    return true;
  }

  private directory(): SubjectDirectoryApi {
    try {
      // Provided by the directory module (embedded mode, directory process) or by the distributed infrastructure.
      return this.moduleRef.get<SubjectDirectoryApi>(SUBJECT_DIRECTORY_API, { strict: false });
    } catch {
      throw new ProblemException(
        problem(503, 'service-unavailable', 'The service is temporarily unavailable; retry shortly.'),
      );
    }
  }

  private async resolve(directory: SubjectDirectoryApi, id: string): Promise<DirectorySubject | undefined> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && now - cached.at < SUBJECT_CACHE_MS) {
      return cached.subject;
    }
    let subject: DirectorySubject | undefined;
    try {
      subject = await directory.findSubject(id);
    } catch {
      throw new ProblemException(
        problem(503, 'service-unavailable', 'The service is temporarily unavailable; retry shortly.'),
      );
    }
    if (this.cache.size >= MAX_CACHED) {
      this.cache.clear();
    }
    this.cache.set(id, { at: now, subject });
    return subject;
  }
}

function unconfirmed(principal: Principal, subject: DirectorySubject | undefined): string | undefined {
  if (!subject) {
    return 'unknown-subject';
  }
  if (!principal.roles.every((r) => subject.roles.includes(r))) {
    return 'unconfirmed-role';
  }
  if (!principal.bassins.every((b) => subject.bassins.includes(b))) {
    return 'unconfirmed-bassin';
  }
  return undefined;
}
