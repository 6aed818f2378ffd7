import { type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { type ConcertoConfig, ConfigError, loadConfig, trustedProxies } from '#concerto/config';
import { configureHttpApp, HealthController } from '#concerto/http';
import { JsonLogger } from '#concerto/observability';
import { DistributedInfraModule, type DistributedInfraUses } from './distributed-infra.module.js';

/** How long a graceful stop (in-flight requests, messages, jobs, offsets) may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 30000;

export interface ServiceProcessOptions {
  service: 'directory' | 'alerts' | 'cases' | 'scheduling' | 'notifications';
  module: Type<unknown>;
  port: (config: ConcertoConfig) => number;
  uses: DistributedInfraUses;
  title: string;
  description: string;
}

/** One service in its own process: its module, the distributed infrastructure, health and readiness. */
export async function startServiceProcess(
  opts: ServiceProcessOptions,
  config: ConcertoConfig = loadConfig(),
): Promise<INestApplication> {
  const logger = new JsonLogger(`concerto-${opts.service}`, config.LOG_LEVEL);

  @Module({
    imports: [
      CqrsModule.forRoot(),
      DistributedInfraModule.register({ config, service: opts.service, uses: opts.uses }),
      opts.module,
    ],
    controllers: [HealthController],
  })
  class ServiceProcessModule {}

  const app = await NestFactory.create<NestExpressApplication>(ServiceProcessModule, new ExpressAdapter(), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  configureHttpApp(app, {
    title: opts.title,
    description: opts.description,
    trustedProxies: trustedProxies(config),
  });
  const port = opts.port(config);
  // Loopback by default (the gateway is the only public edge); LISTEN_HOST=0.0.0.0 in containers.
  await app.listen(port, config.LISTEN_HOST);
  logger.log({
    msg: `${opts.service} service listening on http://${config.LISTEN_HOST}:${port}`,
    port,
    sinceProcessStartMs: Math.round(process.uptime() * 1000),
    pid: process.pid,
  });
  armShutdownDeadline(logger, app);
  return app;
}

/**
 * configureHttpApp enables Nest's shutdown hooks (SIGTERM/SIGINT → app.close(): consumers, relays,
 * timers, data sources, then the HTTP server). This stops accepting new connections first, so no
 * request lands on a service that is closing its database (callers get a refused connection and
 * retry elsewhere; requests in flight finish), and bounds the whole shutdown.
 */
export function armShutdownDeadline(logger: JsonLogger, app?: INestApplication): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log({ msg: `${signal} received, shutting down gracefully` });
      const server = app?.getHttpServer() as { close(cb?: () => void): void; listening?: boolean } | undefined;
      if (server?.listening) {
        server.close();
      }
      setTimeout(() => {
        logger.fatal({ msg: `graceful shutdown did not finish within ${SHUTDOWN_DEADLINE_MS} ms, exiting` });
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
    });
  }
}

/**
 * One JSON line for a fatal error: the error's name, message and stack, nothing else. Node's own
 * crash report prints the whole error object, and a TypeORM QueryFailedError carries the query's
 * parameters (an intake's names, a national number): they must not reach the logs.
 */
export function fatalLogLine(service: string, msg: string, error: unknown): string {
  const e = error instanceof Error ? error : undefined;
  const stack = e?.stack
    ?.split('\n')
    .slice(1)
    .map((l) => l.trim())
    .join(' | ');
  return JSON.stringify({
    time: new Date().toISOString(),
    level: 'fatal',
    service: `concerto-${service}`,
    msg,
    // A configuration error is already fully said by msg.
    ...(error instanceof ConfigError
      ? {}
      : { error: e ? `${e.name}: ${e.message}` : String(error), ...(stack ? { stack } : {}) }),
  });
}

/**
 * A rejection nobody handles or an exception nobody catches leaves the process in an unknown state:
 * it ends, as Node would, but with one JSON line instead of Node's dump, so that the supervisor
 * (Kubernetes, compose's restart policy, stack.sh up) starts a clean one.
 */
export function exitOnUnexpectedErrors(service: string): void {
  const die = (kind: string) => (error: unknown) => {
    process.stderr.write(fatalLogLine(service, `${kind}: the process ends`, error) + '\n');
    process.exit(70);
  };
  process.on('unhandledRejection', die('unhandled promise rejection'));
  process.on('uncaughtException', die('uncaught exception'));
}

/** Runs a process entry point: a start-up failure prints one JSON line and exits 1. */
export function runMain(service: string, main: () => Promise<unknown>): void {
  exitOnUnexpectedErrors(service);
  main().catch((error: unknown) => {
    // fatalLogLine adds the error itself, except for a configuration error, whose message is the whole story.
    process.stderr.write(
      fatalLogLine(service, error instanceof ConfigError ? error.message : 'start-up failed', error) + '\n',
    );
    process.exit(1);
  });
}
