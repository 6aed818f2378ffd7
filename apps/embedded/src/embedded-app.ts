import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { DevIdentityProvider } from '#concerto/auth';
import { ConcertoConfig, trustedProxies } from '#concerto/config';
import { type Clock, SystemClock } from '#concerto/ddd';
import { configureHttpApp, HealthController } from '#concerto/http';
import { JsonLogger } from '#concerto/observability';
import { EmbeddedPostgres } from '#concerto/persistence';
import { AlertsServiceModule } from '../../alerts/src/alerts-service.module.js';
import { CasesServiceModule } from '../../cases/src/cases-service.module.js';
import { DirectoryServiceModule } from '../../directory/src/directory-service.module.js';
import { NotificationsServiceModule } from '../../notifications/src/notifications-service.module.js';
import { SchedulingServiceModule } from '../../scheduling/src/scheduling-service.module.js';
import { DeadLettersController } from './dead-letters.controller.js';
import { DevIdpController } from './dev-idp.controller.js';
import { EmbeddedInfraModule } from './embedded-infra.module.js';

export interface EmbeddedEngine {
  app: INestApplication;
  config: ConcertoConfig;
  identityProvider: DevIdentityProvider;
  postgres: EmbeddedPostgres;
  close(): Promise<void>;
}

/** Reads a secret from the data directory, creating it on first start. */
export function ensureSecret(dataDir: string, name: string): string {
  const file = join(dataDir, 'secrets', `${name}.key`);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'secrets'), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The whole engine in one process with no external server: every service module, PGlite as
 * PostgreSQL, in-process events, BullMQ on PostgreSQL. Used by `npm start` and by the tests.
 */
export async function createEmbeddedEngine(
  config: ConcertoConfig,
  clock: Clock = new SystemClock(),
): Promise<EmbeddedEngine> {
  mkdirSync(config.DATA_DIR, { recursive: true });
  config.PSEUDONYM_SECRET ??= ensureSecret(config.DATA_DIR, 'pseudonym');
  config.RSVP_LINK_SECRET ??= ensureSecret(config.DATA_DIR, 'rsvp-link');
  const postgres = await EmbeddedPostgres.start(join(config.DATA_DIR, 'pg'), config.EMBEDDED_PG_PORT);
  const identityProvider = await DevIdentityProvider.load(
    join(config.DATA_DIR, 'keys'),
    config.AUTH_ISSUER,
    config.AUTH_AUDIENCE,
  );

  @Module({
    imports: [
      CqrsModule.forRoot(),
      EmbeddedInfraModule.register({ config, clock, postgres, identityProvider }),
      DirectoryServiceModule,
      AlertsServiceModule,
      CasesServiceModule,
      SchedulingServiceModule,
      NotificationsServiceModule,
    ],
    controllers: [HealthController, DevIdpController, DeadLettersController],
  })
  class EmbeddedEngineModule {}

  let app: NestExpressApplication;
  try {
    // An explicit adapter: Nest's dynamic import of the default one fails under Jest's ESM loader.
    app = await NestFactory.create<NestExpressApplication>(EmbeddedEngineModule, new ExpressAdapter(), {
      logger: new JsonLogger('concerto-embedded', config.LOG_LEVEL),
      bodyParser: false,
      abortOnError: false,
    });
    configureHttpApp(app, {
      title: 'Concerto API',
      description:
        'The red button for complex health and social situations in Brussels: raise an alert, and a named bassin coordinator owns the situation. Embedded mode (all services in one process).',
      trustedProxies: trustedProxies(config),
    });
    await app.init();
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  return {
    app,
    config,
    identityProvider,
    postgres,
    close: async () => {
      await app.close();
      await postgres.stop();
    },
  };
}
