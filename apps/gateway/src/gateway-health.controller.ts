import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { problem, ProblemException } from '#concerto/http';
import type { Upstreams } from './gateway.proxy.js';

export const GATEWAY_UPSTREAMS = Symbol('GATEWAY_UPSTREAMS');

/** Liveness of the gateway itself, and readiness of the whole chain behind it. */
@ApiExcludeController()
@Controller()
export class GatewayHealthController {
  constructor(@Inject(GATEWAY_UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when every service answers its own /ready (its database and other dependencies). */
  @Get('ready')
  async ready(): Promise<{ status: 'ready'; checks: Record<string, boolean> }> {
    const entries = await Promise.all(
      Object.entries(this.upstreams).map(async ([name, base]) => {
        try {
          const res = await fetch(`${base.replace(/\/+$/, '')}/ready`, { signal: AbortSignal.timeout(2000) });
          await res.body?.cancel();
          return [name, res.ok] as const;
        } catch {
          return [name, false] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    if (entries.some(([, ok]) => !ok)) {
      throw new ProblemException(problem(503, 'not-ready', 'A service is not available.', { checks }));
    }
    return { status: 'ready', checks };
  }
}

export const DEV_IDP_JWKS = Symbol('DEV_IDP_JWKS');

/** Local/development mode only: the development issuer's public keys, for the services to verify tokens. */
@ApiExcludeController()
@Controller('dev-idp')
export class GatewayDevIdpController {
  constructor(@Inject(DEV_IDP_JWKS) private readonly jwks: { keys: unknown[] }) {}

  @Get('jwks')
  keys(): { keys: unknown[] } {
    return this.jwks;
  }
}
