import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type Schemas = components['schemas'];
export type Problem = Schemas['ProblemDetails'];

let csrfToken: string | undefined;

/** The session's CSRF token (from GET /auth/me), sent on every unsafe request the cookie carries. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method) && csrfToken) {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
};

/**
 * The only way the app calls the engine: typed from the committed OpenAPI snapshot, the session cookie
 * sent same-origin (no token ever reaches JavaScript).
 */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(csrf);

/** Field errors of a problem+json answer, keyed by the field's path (person.address.postalCode). */
export function fieldErrors(problem: unknown): Record<string, string> {
  const errors = (problem as Partial<Problem> | undefined)?.errors ?? [];
  return Object.fromEntries(errors.map((e) => [e.field, e.reason]));
}

export function problemText(problem: unknown, fallback: string): string {
  const p = problem as Partial<Problem> | undefined;
  return p?.detail ?? p?.title ?? fallback;
}
