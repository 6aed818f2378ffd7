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
  constructor(
    readonly problem: ProblemDetails,
    /** Response headers that belong to the problem, such as a 401's WWW-Authenticate challenge. */
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.title);
  }
}

export const BEARER_REALM = 'concerto';

/**
 * The RFC 6750 §3 challenge of a 401. A request without credentials gets no error code; a token
 * that was presented but is malformed, expired or not ours gets error="invalid_token".
 */
export function bearerChallenge(error?: 'invalid_request' | 'invalid_token', description?: string): string {
  const parts = [`realm="${BEARER_REALM}"`];
  if (error) {
    parts.push(`error="${error}"`);
    if (description) {
      // error_description is limited to %x20-21 / %x23-5B / %x5D-7E: no quote, no backslash.
      parts.push(`error_description="${description.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '')}"`);
    }
  }
  return `Bearer ${parts.join(', ')}`;
}

export function problem(
  status: number,
  slug: string,
  title: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  return { type: `https://concerto.brussels/problems/${slug}`, title, status, ...extra };
}
