import type { NextFunction, Request, Response } from 'express';
import { currentCorrelationId } from '#concerto/observability';
import { problem, PROBLEM_CONTENT_TYPE } from './problem.js';

interface RouterLayer {
  route?: { _handlesMethod(method: string): boolean; _methods(): string[] };
  match(path: string): boolean;
}

/**
 * RFC 9110 §15.5.6: a method the resource does not support is a 405 with an Allow header, not the
 * 404 of an unknown path. Reads Express's own routing table, so it is right for every route as
 * soon as Nest has registered it; OPTIONS is left to Express, which answers it with Allow.
 */
export function methodNotAllowedMiddleware(router: () => { stack?: RouterLayer[] } | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'OPTIONS') {
      return next();
    }
    const allowed = new Set<string>();
    for (const layer of router()?.stack ?? []) {
      if (!layer.route || !layer.match(req.path)) {
        continue;
      }
      if (layer.route._handlesMethod(req.method)) {
        return next();
      }
      for (const method of layer.route._methods()) {
        allowed.add(method.toUpperCase());
      }
    }
    if (allowed.size === 0) {
      return next();
    }
    allowed.delete('HEAD');
    res.setHeader('Allow', [...allowed].join(', '));
    const body = {
      ...problem(405, 'method-not-allowed', 'Method not allowed.', { detail: `Allowed: ${[...allowed].join(', ')}.` }),
      correlationId: currentCorrelationId(),
    };
    res.status(405).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  };
}
