export interface FieldProblem {
  field: string;
  reason: string;
}

/** RFC 9457 problem details, as every error leaves the API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  correlationId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class ProblemException extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.title);
  }
}

export function problem(status: number, slug: string, title: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: `https://concerto.brussels/problems/${slug}`, title, status, ...extra };
}
