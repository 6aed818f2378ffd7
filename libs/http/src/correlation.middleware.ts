import type { NextFunction, Request, Response } from 'express';
import { runWithCorrelation, sanitizeCorrelationId } from '#concerto/observability';

/** Gives each request a correlation id (the caller's if it is safe) that follows it into events and jobs. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const correlationId = sanitizeCorrelationId(req.header('x-correlation-id'));
  res.setHeader('X-Correlation-Id', correlationId);
  runWithCorrelation({ correlationId }, () => next());
}
