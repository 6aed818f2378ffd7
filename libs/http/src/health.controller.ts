import { Controller, Get, HttpCode, Injectable } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from './auth.guard.js';
import { problem, ProblemException } from './problem.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

/** Each service registers what it needs to serve (its database, the broker, the queue). */
@Injectable()
export class ReadinessRegistry {
  readonly checks: ReadinessCheck[] = [];

  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }
}

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(private readonly registry: ReadinessRegistry) {}

  /** Liveness: the process answers. */
  @Public()
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every dependency this process needs answers. */
  @Public()
  @Get('ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ready'; checks: Record<string, boolean> }> {
    const results: Record<string, boolean> = {};
    for (const c of this.registry.checks) {
      results[c.name] = await c.check().catch(() => false);
    }
    if (Object.values(results).some((ok) => !ok)) {
      throw new ProblemException(problem(503, 'not-ready', 'A dependency is not available.', { checks: results }));
    }
    return { status: 'ready', checks: results };
  }
}
