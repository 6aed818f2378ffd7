import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException, BusinessRuleViolation } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { isDatabaseUnavailable } from '#concerto/persistence';
import { bearerChallenge, problem, PROBLEM_CONTENT_TYPE, type ProblemDetails, ProblemException } from './problem.js';

const KIND_STATUS: Record<AppException['kind'], number> = {
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
  invalid: 422,
  unavailable: 503,
};

/**
 * Maps every error to problem+json. Unknown errors become a generic 500 with the correlation
 * id; stack traces, SQL and tokens never reach the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const body = { ...this.toProblem(exception), correlationId: currentCorrelationId() };
    if (body.status >= 500) {
      this.logger.error({
        msg: 'request failed',
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched',
        status: body.status,
        error: exception instanceof Error ? exception.name : typeof exception,
        // Server-side only; database messages can quote values, so the detail stays out of the response.
        detail: exception instanceof Error ? exception.message.slice(0, 300) : undefined,
        stack: exception instanceof Error ? exception.stack?.split('\n').slice(1, 6).join(' | ') : undefined,
      });
    }
    if (body.status === 503) {
      res.setHeader('Retry-After', '5');
    }
    for (const [name, value] of Object.entries(exception instanceof ProblemException ? exception.headers : {})) {
      res.setHeader(name, value);
    }
    // RFC 9110 §15.5.2: a 401 always carries a challenge (RFC 6750 for bearer tokens).
    if (body.status === 401 && !res.getHeader('WWW-Authenticate')) {
      res.setHeader('WWW-Authenticate', bearerChallenge());
    }
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) {
      return exception.problem;
    }
    if (exception instanceof AppException) {
      return problem(
        KIND_STATUS[exception.kind],
        exception.code.toLowerCase().replace(/_/g, '-'),
        exception.message,
        exception.details ?? {},
      );
    }
    if (exception instanceof BusinessRuleViolation) {
      return problem(409, exception.rule.code.toLowerCase().replace(/_/g, '-'), exception.rule.message);
    }
    const bodyParserError = exception as { type?: string; status?: number };
    // The body parser's error, raw or wrapped by Nest: one answer, the gateway's too (docs/limits.md).
    if (
      bodyParserError?.type === 'entity.too.large' ||
      (exception instanceof HttpException && exception.getStatus() === 413)
    ) {
      return problem(413, 'payload-too-large', 'The request body is too large.');
    }
    if (bodyParserError?.type === 'entity.parse.failed') {
      return problem(400, 'malformed-json', 'The request body is not valid JSON.');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const titles: Record<number, string> = {
        400: 'Bad request.',
        401: 'Authentication required.',
        403: 'Forbidden.',
        404: 'Not found.',
        405: 'Method not allowed.',
        413: 'The request body is too large.',
        415: 'Unsupported media type.',
        429: 'Too many requests.',
      };
      return problem(status, `http-${status}`, titles[status] ?? exception.message);
    }
    if (isDatabaseUnavailable(exception)) {
      return problem(503, 'service-unavailable', 'The service is temporarily unavailable; retry shortly.');
    }
    return problem(500, 'internal-error', 'An unexpected error occurred.');
  }
}
