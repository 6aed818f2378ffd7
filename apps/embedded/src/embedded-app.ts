import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type INestApplication, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { DevIdentityProvider, type TokenVerifier } from '#concerto/auth';
import {
  type BrowserSessions,
  createBrowserSessions,
  demoProfessionals,
  PostgresSessionStore,
  webAppMiddleware,
} from '#concerto/bff';
import { ConcertoConfig, trustedProxies } from '#concerto/config';
import { type Clock, SystemClock } from '#concerto/ddd';
import { configureHttpApp, HealthController, TOKEN_VERIFIER } from '#concerto/http';
import { JsonLogger } from '#concerto/observability';
import { EmbeddedPostgres, newFieldKey } from '#concerto/persistence';
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

/** The file of a secret in the data directory, created (owner-only) on first start. */
export function ensureSecretFile(
  dataDir: string,
  name: string,
  generate: () => string = () => randomBytes(32).toString('hex'),
): string {
  const file = join(dataDir, 'secrets', `${name}.key`);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
    writeFileSync(file, generate(), { mode: 0o600 });
  }
  return file;
}

/** Reads a secret from the data directory, creating it on first start. */
export function ensureSecret(dataDir: string, name: string): string {
  return readFileSync(ensureSecretFile(dataDir, name), 'utf8').trim();
}

/**
 * The data directory holds personal data (the database), keys and secrets: owner-only. The
 * process umask covers what Node writes from now on; the walk fixes what earlier versions left
 * readable to others, and what PGlite creates (its file system layer sets 0666 itself,
 * whatever the umask: the directories being 0700, nobody else can reach those files meanwhile).
 */
export function restrictDataDir(dataDir: string): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads cannot change the umask; the explicit modes and the walk below still apply.
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  restrictModes(dataDir);
}

/**
 * Directories 0700, files 0600 under the data directory. A data directory that is obviously
 * not the engine's own (the root, the home or the working directory) is left as it is.
 */
export function restrictModes(dataDir: string): void {
  const dir = resolve(dataDir);
  if ([resolve('/'), homedir(), process.cwd()].includes(dir)) {
    return;
  }
  const walk = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) {
      return;
    }
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777 & ~wanted) !== 0) {
      chmodSync(path, stat.mode & wanted);
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) {
        walk(join(path, name));
      }
    }
  };
  walk(dir);
}

/**
 * The whole engine in one process with no external server: every service module, PGlite as
 * PostgreSQL, in-process events, BullMQ on PostgreSQL. Used by `npm start` and by the tests.
 */
export async function createEmbeddedEngine(
  config: ConcertoConfig,
  clock: Clock = new SystemClock(),
  /**
   * Browser sessions expire on the wall clock, not on the business clock (the development clock
   * jumps days ahead to show reminders firing; a session must not end because of it). Tests move it.
   */
  opts: { sessionClock?: Clock } = {},
): Promise<EmbeddedEngine> {
  restrictDataDir(config.DATA_DIR);
  config.PSEUDONYM_SECRET ??= ensureSecret(config.DATA_DIR, 'pseudonym');
  config.RSVP_LINK_SECRET ??= ensureSecret(config.DATA_DIR, 'rsvp-link');
  config.EMBEDDED_PG_PASSWORD ??= ensureSecret(config.DATA_DIR, 'embedded-pg');
  if (!config.PERSON_VAULT_KEY) {
    config.PERSON_VAULT_KEY_FILE ??= ensureSecretFile(config.DATA_DIR, 'vault', newFieldKey);
  }
  const postgres = await EmbeddedPostgres.start(
    join(config.DATA_DIR, 'pg'),
    config.EMBEDDED_PG_PORT,
    config.EMBEDDED_PG_PASSWORD,
  );
  // PGlite creates its files 0666: restricted now, every minute, and at close.
  const dataDir = config.DATA_DIR;
  const restrict = () => {
    try {
      restrictModes(dataDir);
    } catch {
      // A file removed during the walk (PGlite recycles its own): the next pass covers the rest.
    }
  };
  restrict();
  const restrictTimer = setInterval(restrict, 60_000);
  restrictTimer.unref();
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
  let sessions: BrowserSessions | undefined;
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
    // The web app and its browser sessions (ADR 0022), before Nest's router: /auth/* is answered
    // here, a session cookie on /v1/* becomes the bearer token the guards verify, and every other
    // path of the app gets dist/web (index.html for client routes).
    const sessionNow = opts.sessionClock ? () => opts.sessionClock!.now().getTime() : undefined;
    sessions = createBrowserSessions({
      config,
      verifier: app.get<TokenVerifier>(TOKEN_VERIFIER),
      // In the engine's own PostgreSQL (schema bff): a restart on the same data directory keeps people signed in.
      store: await PostgresSessionStore.open(postgres.url, sessionNow),
      devIdp: identityProvider,
      now: sessionNow,
      users: demoProfessionals(JSON.parse(readFileSync(resolve(config.DIRECTORY_SEED_FILE), 'utf8'))),
    });
    app.use(sessions.routes);
    app.use(sessions.authenticate);
    app.use(webAppMiddleware({ dir: config.WEB_DIR, identityProvider: config.OIDC_ISSUER_URL }));
    await app.init();
    new Logger('EmbeddedPostgres').log(
      `Embedded PostgreSQL listening on ${postgres.address} (loopback only, password required: EMBEDDED_PG_PASSWORD or ${join(config.DATA_DIR, 'secrets', 'embedded-pg.key')})`,
    );
  } catch (error) {
    clearInterval(restrictTimer);
    await sessions?.close().catch(() => undefined);
    await postgres.stop();
    restrict();
    throw error;
  }
  return {
    app,
    config,
    identityProvider,
    postgres,
    close: async () => {
      clearInterval(restrictTimer);
      await app.close();
      await sessions?.close();
      await postgres.stop();
      restrict();
    },
  };
}
