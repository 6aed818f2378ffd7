import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD, ModuleRef } from '@nestjs/core';
import pg from 'pg';
import { DevIdentityProvider, TokenVerifier } from '#concerto/auth';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import {
  CASE_ACKNOWLEDGE_API,
  ALERTS_AUDIT_API,
  CASE_AUDIT_API,
  NOTIFICATIONS_AUDIT_API,
  DEAD_LETTER_RETENTION_MS,
  DIRECTORY_READ_API,
  INVITATION_CARDS_API,
  PERSON_IDENTITY_API,
} from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { BearerAuthGuard, RateLimitGuard, ReadinessRegistry, SubjectGuard, TOKEN_VERIFIER } from '#concerto/http';
import { deadLetterTableSql, InProcessDeadLetters, InProcessTransport, MessageTransport } from '#concerto/messaging';
import { DATABASE_URL, EmbeddedPostgres } from '#concerto/persistence';
import { QUEUE_CONNECTION, type QueueConnection } from '#concerto/timers';
import { PersonVaultService } from '../../alerts/src/modules/intake/application/person-vault.service.js';
import { CaseAcknowledgementsService } from '../../cases/src/modules/cases/interface/in-process/case-acknowledgements.service.js';
import { CaseAuditService } from '../../cases/src/modules/cases/interface/in-process/case-audit.service.js';
import { AlertsCaseAuditService } from '../../alerts/src/modules/intake/interface/in-process/case-audit.service.js';
import { NotificationsCaseAuditService } from '../../notifications/src/modules/invitations/interface/in-process/case-audit.service.js';
import { DirectoryReadService } from '../../directory/src/modules/territory/application/directory-read.service.js';
import { InvitationCardsService } from '../../scheduling/src/modules/concertations/interface/in-process/invitation-cards.service.js';

export interface EmbeddedInfraOptions {
  config: ConcertoConfig;
  clock: Clock;
  postgres: EmbeddedPostgres;
  identityProvider: DevIdentityProvider;
}

const DEAD_LETTER_POOL = Symbol('DEAD_LETTER_POOL');

@Injectable()
class EmbeddedInfraLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EmbeddedInfra');
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @Inject(DEAD_LETTER_POOL) private readonly pool: pg.Pool,
    private readonly transport: MessageTransport,
    private readonly deadLetters: InProcessDeadLetters,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const sql of ['CREATE SCHEMA IF NOT EXISTS "messaging"', ...deadLetterTableSql('messaging')]) {
      await this.pool.query(sql);
    }
    await this.transport.start();
    // Kafka drops a dead-letter topic's messages after DEAD_LETTER_RETENTION_MS; the embedded mode keeps them as long.
    this.purgeTimer = setInterval(
      () => void this.purgeDeadLetters(),
      this.config.MESSAGING_RETENTION_INTERVAL_MINUTES * 60_000,
    );
    this.purgeTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.transport.stop();
    await this.pool.end();
  }

  private async purgeDeadLetters(): Promise<void> {
    try {
      const deleted = await this.deadLetters.purge(DEAD_LETTER_RETENTION_MS);
      if (deleted > 0) {
        this.logger.log({ msg: 'dead letters past retention deleted', deleted });
      }
    } catch (error) {
      this.logger.warn({
        msg: 'dead-letter retention sweep failed',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/**
 * Everything the services need from outside, provided in-process: PGlite as PostgreSQL, an
 * in-process transport instead of Kafka, BullMQ on PostgreSQL, and the development issuer.
 * Synchronous read ports between services resolve lazily to the other service's module.
 */
@Global()
@Module({})
export class EmbeddedInfraModule {
  static register(opts: EmbeddedInfraOptions): DynamicModule {
    const pool = new pg.Pool({ connectionString: opts.postgres.url, max: 2 });
    const deadLetters = new InProcessDeadLetters(pool);
    const transport = new InProcessTransport(
      { maxAttempts: opts.config.CONSUMER_MAX_ATTEMPTS, backoffMs: opts.config.CONSUMER_RETRY_BACKOFF_MS },
      deadLetters,
    );
    const pgUrl = new URL(opts.postgres.url);
    const queueConnection: QueueConnection = {
      kind: 'postgres',
      host: pgUrl.hostname,
      port: Number(pgUrl.port),
      user: decodeURIComponent(pgUrl.username),
      password: decodeURIComponent(pgUrl.password),
      database: pgUrl.pathname.slice(1),
    };
    const providers = [
      { provide: CONFIG, useValue: opts.config },
      { provide: CLOCK, useValue: opts.clock },
      { provide: DATABASE_URL, useValue: opts.postgres.url },
      { provide: MessageTransport, useValue: transport },
      { provide: InProcessTransport, useValue: transport },
      { provide: InProcessDeadLetters, useValue: deadLetters },
      { provide: QUEUE_CONNECTION, useValue: queueConnection },
      { provide: DevIdentityProvider, useValue: opts.identityProvider },
      {
        provide: TOKEN_VERIFIER,
        useValue: new TokenVerifier({
          issuer: opts.config.AUTH_ISSUER,
          audience: opts.config.AUTH_AUDIENCE,
          rolesClaim: opts.config.AUTH_ROLES_CLAIM,
          jwksUrl: opts.config.AUTH_JWKS_URL,
          localJwks: opts.config.AUTH_JWKS_URL ? undefined : opts.identityProvider.jwks(),
        }),
      },
      ReadinessRegistry,
      {
        provide: DIRECTORY_READ_API,
        inject: [ModuleRef],
        useFactory: (ref: ModuleRef) => lazy(() => ref.get(DirectoryReadService, { strict: false })),
      },
      {
        provide: PERSON_IDENTITY_API,
        inject: [ModuleRef],
        useFactory: (ref: ModuleRef) => lazy(() => ref.get(PersonVaultService, { strict: false })),
      },
      {
        provide: INVITATION_CARDS_API,
        inject: [ModuleRef],
        useFactory: (ref: ModuleRef) => lazy(() => ref.get(InvitationCardsService, { strict: false })),
      },
      {
        provide: CASE_ACKNOWLEDGE_API,
        inject: [ModuleRef],
        useFactory: (ref: ModuleRef) => lazy(() => ref.get(CaseAcknowledgementsService, { strict: false })),
      },
      {
        provide: CASE_AUDIT_API,
        inject: [ModuleRef],
        useFactory: (ref: ModuleRef) => lazy(() => ref.get(CaseAuditService, { strict: false })),
      },
      {
        provide: ALERTS_AUDIT_API,
        inject: [ModuleRef],
        useFactory: (ref: ModuleRef) => lazy(() => ref.get(AlertsCaseAuditService, { strict: false })),
      },
      {
        provide: NOTIFICATIONS_AUDIT_API,
        inject: [ModuleRef],
        useFactory: (ref: ModuleRef) => lazy(() => ref.get(NotificationsCaseAuditService, { strict: false })),
      },
      { provide: DEAD_LETTER_POOL, useValue: pool },
      EmbeddedInfraLifecycle,
      { provide: APP_GUARD, useClass: BearerAuthGuard },
      { provide: APP_GUARD, useClass: SubjectGuard },
      { provide: APP_GUARD, useClass: RateLimitGuard },
    ];
    return {
      module: EmbeddedInfraModule,
      providers,
      exports: providers.filter((p) => !('provide' in p) || p.provide !== APP_GUARD),
    };
  }
}

/**
 * Defers the look-up until a method is called, so services can depend on each other's read
 * side without import cycles. Nothing is cached: during start-up Nest probes providers for
 * lifecycle hooks while the target may still be a placeholder.
 */
function lazy<T extends object>(resolve: () => T): T {
  return new Proxy({} as T, {
    get: (_obj, prop) => {
      if (typeof prop !== 'string' || prop === 'then' || /^on[A-Z]|^beforeApplicationShutdown$/.test(prop)) {
        return undefined;
      }
      const target = resolve();
      const value = (target as Record<string, unknown>)[prop];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
