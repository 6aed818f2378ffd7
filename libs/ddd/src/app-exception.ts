/**
 * Error raised below the edge of a service. The code decides how each transport maps it
 * (HTTP status, retry or park for a consumer, unrecoverable for a job).
 */
export type AppExceptionKind = 'not-found' | 'conflict' | 'forbidden' | 'invalid' | 'unavailable';

export class AppException extends Error {
  constructor(
    readonly code: string,
    readonly kind: AppExceptionKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppException';
  }
}
