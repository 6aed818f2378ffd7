import { Logger } from '@nestjs/common';
import { AppException } from '#concerto/ddd';
import { currentCorrelation } from '#concerto/observability';

export interface InternalHttpClientOptions {
  /** The service called, e.g. `directory` (used in logs and error codes). */
  service: string;
  baseUrl: string;
  /** Shared secret sent as X-Internal-Token. */
  token: string;
  /** Per attempt. Default 3000 ms. */
  timeoutMs?: number;
  /** Extra attempts after a network error, timeout or 502/503/504 (calls here are all reads). Default 1. */
  retries?: number;
  /** Consecutive failures that open the circuit. Default 5. */
  breakerThreshold?: number;
  /** How long an open circuit fails fast before one trial call. Default 5000 ms. */
  breakerCooldownMs?: number;
}

export interface InternalResponse<T> {
  status: number;
  body?: T;
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * The called service could not be reached (network error, timeout, 502/503/504, open circuit):
 * waiting is the cure. A consumer whose preparation throws it waits for the service like it waits
 * for its database, without using up the message's attempts; parking the event in a dead-letter
 * topic would leave its effect undone until someone replays it.
 */
export class DependencyUnavailable extends AppException {
  constructor(service: string) {
    super(
      `${service.toUpperCase()}_UNAVAILABLE`,
      'unavailable',
      `The ${service} service is temporarily unavailable; retry shortly.`,
    );
    this.name = 'DependencyUnavailable';
  }
}

/**
 * Service-to-service calls of the distributed mode: X-Internal-Token and the correlation id on
 * every call, a timeout per attempt, one bounded retry, and a small circuit breaker so a dead
 * dependency costs callers nothing after a few failures. Failures surface as
 * AppException(kind 'unavailable'), which the HTTP edge answers with 503.
 */
export class InternalHttpClient {
  private readonly logger = new Logger(InternalHttpClient.name);
  private readonly base: string;
  private failures = 0;
  private openUntil = 0;

  constructor(private readonly opts: InternalHttpClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  async get<T>(path: string): Promise<InternalResponse<T>> {
    return this.request<T>('GET', path);
  }

  async post<T>(path: string, body: unknown): Promise<InternalResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<InternalResponse<T>> {
    const now = Date.now();
    if (this.openUntil > now) {
      throw new DependencyUnavailable(this.opts.service);
    }
    const attempts = 1 + (this.opts.retries ?? 1);
    let lastError = 'unknown';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await fetch(`${this.base}${path}`, {
          method,
          headers: this.headers(body !== undefined),
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 3000),
          redirect: 'error',
        });
        if (RETRYABLE_STATUS.has(res.status)) {
          await res.body?.cancel();
          lastError = `HTTP ${res.status}`;
        } else {
          this.failures = 0;
          const text = await res.text();
          if (res.status === 401 || res.status === 403) {
            // Misconfiguration (token mismatch), not the caller's fault: the dependency is unusable.
            this.logger.error({
              msg: 'internal API refused the service token',
              service: this.opts.service,
              status: res.status,
            });
            throw this.unavailable();
          }
          if (res.status >= 500) {
            this.logger.warn({ msg: 'internal call failed', service: this.opts.service, method, status: res.status });
            throw this.unavailable();
          }
          return { status: res.status, body: text ? (JSON.parse(text) as T) : undefined };
        }
      } catch (error) {
        if (error instanceof AppException) {
          throw error;
        }
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      if (attempt < attempts) {
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
    this.failures++;
    if (this.failures >= (this.opts.breakerThreshold ?? 5)) {
      this.openUntil = Date.now() + (this.opts.breakerCooldownMs ?? 5000);
      this.failures = 0;
      this.logger.warn({
        msg: 'circuit opened',
        service: this.opts.service,
        cooldownMs: this.opts.breakerCooldownMs ?? 5000,
      });
    }
    this.logger.warn({
      msg: 'internal call failed',
      service: this.opts.service,
      method,
      path: path.replace(/\/[0-9a-f-]{36}$/i, '/:id'),
      error: lastError,
    });
    throw new DependencyUnavailable(this.opts.service);
  }

  private headers(hasBody: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', 'x-internal-token': this.opts.token };
    const correlationId = currentCorrelation()?.correlationId;
    if (correlationId) {
      h['x-correlation-id'] = correlationId;
    }
    if (hasBody) {
      h['content-type'] = 'application/json';
    }
    return h;
  }

  /**
   * The service answered, but with an error that waiting will not fix (a refused token, a 500).
   * The reason is logged, never returned: AppException details reach the client.
   */
  private unavailable(): AppException {
    return new AppException(
      `${this.opts.service.toUpperCase()}_UNAVAILABLE`,
      'unavailable',
      `The ${this.opts.service} service is temporarily unavailable; retry shortly.`,
    );
  }
}
