import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TokenVerifier } from '#concerto/auth';
import { CONFIG, type ConcertoConfig, ConfigError } from '#concerto/config';
import {
  CASE_ACKNOWLEDGE_API,
  ALERTS_AUDIT_API,
  CASE_AUDIT_API,
  DIRECTORY_READ_API,
  NOTIFICATIONS_AUDIT_API,
  INVITATION_CARDS_API,
  PERSON_IDENTITY_API,
  SUBJECT_DIRECTORY_API,
} from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { clockFromConfig } from './dev-clock.js';
import { BearerAuthGuard, RateLimitGuard, ReadinessRegistry, SubjectGuard, TOKEN_VERIFIER } from '#concerto/http';
import { KafkaTransport, MessageTransport } from '#concerto/messaging';
import { DATABASE_URL, MIGRATION_DATABASE_URL } from '#concerto/persistence';
import { QUEUE_CONNECTION, type QueueConnection } from '#concerto/timers';
import {
  HttpCaseAcknowledgeApi,
  HttpCaseAuditApi,
  HttpDirectoryReadApi,
  HttpInvitationCardsApi,
  HttpPersonIdentityApi,
  HttpSubjectDirectoryApi,
} from './http-read-apis.js';
import { isInfrastructureOutage } from './infrastructure-outage.js';
import { InternalHttpClient } from './internal-http.client.js';

/** What a service process takes from outside; each flag adds its providers and required settings. */
export interface DistributedInfraUses {
  /** Kafka (MessageTransport): outbox relay and consumers. Needs KAFKA_BROKERS. */
  messaging?: boolean;
  /** BullMQ on Redis (QUEUE_CONNECTION). Needs REDIS_URL. */
  queue?: boolean;
  /** DIRECTORY_READ_API over HTTP. Needs DIRECTORY_URL. */
  directoryApi?: boolean;
  /** PERSON_IDENTITY_API over HTTP. Needs ALERTS_URL. */
  personIdentityApi?: boolean;
  /** INVITATION_CARDS_API (scheduling's delivery cards) over HTTP. Needs SCHEDULING_URL. */
  invitationCardsApi?: boolean;
  /** CASE_ACKNOWLEDGE_API (acknowledging from a page) over HTTP. Needs CASES_URL. */
  caseAcknowledgeApi?: boolean;
  /** CASE_AUDIT_API (the person's page: who read the case) over HTTP. Needs CASES_URL. */
  caseAuditApi?: boolean;
  /** ALERTS_AUDIT_API (the person's page: who read the alerts about them) over HTTP. Needs ALERTS_URL. */
  alertsAuditApi?: boolean;
  /** NOTIFICATIONS_AUDIT_API (the person's page: who read their letters and messages) over HTTP. Needs NOTIFICATIONS_URL. */
  notificationsAuditApi?: boolean;
}

export interface DistributedInfraOptions {
  config: ConcertoConfig;
  /** `directory`, `alerts` or `cases`: names the Kafka client and the log lines. */
  service: string;
  uses: DistributedInfraUses;
  clock?: Clock;
  /** Per-attempt timeout of service-to-service calls. Default 3000 ms. */
  internalTimeoutMs?: number;
}

/** Settings a distributed service cannot run without, all reported at once. */
export function requireDistributedSettings(config: ConcertoConfig, uses: DistributedInfraUses): void {
  const needed: Array<keyof ConcertoConfig> = ['DATABASE_URL', 'INTERNAL_API_TOKEN', 'AUTH_JWKS_URL'];
  if (uses.messaging) {
    needed.push('KAFKA_BROKERS');
  }
  if (uses.queue) {
    needed.push('REDIS_URL');
  }
  if (uses.directoryApi) {
    needed.push('DIRECTORY_URL');
  }
  if (uses.personIdentityApi || uses.alertsAuditApi) {
    needed.push('ALERTS_URL');
  }
  if (uses.notificationsAuditApi) {
    needed.push('NOTIFICATIONS_URL');
  }
  if (uses.invitationCardsApi) {
    needed.push('SCHEDULING_URL');
  }
  if (uses.caseAcknowledgeApi || uses.caseAuditApi) {
    needed.push('CASES_URL');
  }
  const missing = needed.filter((key) => !config[key]);
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration for the distributed mode:\n  ${missing.map((k) => `${k}: is required`).join('\n  ')}`,
    );
  }
}

/**
 * Starts the Kafka transport once the service modules have subscribed (their onModuleInit), so
 * that the relays (onApplicationBootstrap) publish to a connected producer; at shutdown the
 * consumers stop first (in-flight message finished, offsets committed) while the data sources are
 * still open, and the producer last, after the relays flushed.
 */
@Injectable()
class TransportLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Optional() private readonly transport?: MessageTransport) {}

  async onModuleInit(): Promise<void> {
    await this.transport?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.transport instanceof KafkaTransport) {
      await this.transport.stopConsumers();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport?.stop();
  }
}

/**
 * The distributed counterpart of the embedded infrastructure module: the same global tokens,
 * backed by a real PostgreSQL (DATABASE_URL), Kafka (KAFKA_BROKERS), Redis (REDIS_URL), an OIDC
 * JWKS endpoint (AUTH_JWKS_URL) and the other services' internal HTTP APIs
 * (DIRECTORY_URL / ALERTS_URL, with X-Internal-Token).
 */
@Global()
@Module({})
export class DistributedInfraModule {
  static register(opts: DistributedInfraOptions): DynamicModule {
    const { config, uses } = opts;
    requireDistributedSettings(config, uses);
    const internal = (service: string, baseUrl: string) =>
      new InternalHttpClient({
        service,
        baseUrl,
        token: config.INTERNAL_API_TOKEN!,
        timeoutMs: opts.internalTimeoutMs ?? 3000,
      });

    const providers: Provider[] = [
      { provide: CONFIG, useValue: config },
      { provide: CLOCK, useValue: opts.clock ?? clockFromConfig(config) },
      { provide: DATABASE_URL, useValue: config.DATABASE_URL },
      { provide: MIGRATION_DATABASE_URL, useValue: config.MIGRATION_DATABASE_URL ?? null },
      {
        provide: TOKEN_VERIFIER,
        useValue: new TokenVerifier({
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          rolesClaim: config.AUTH_ROLES_CLAIM,
          jwksUrl: config.AUTH_JWKS_URL,
        }),
      },
      ReadinessRegistry,
      TransportLifecycle,
    ];
    if (uses.messaging) {
      providers.push({
        provide: MessageTransport,
        useValue: new KafkaTransport({
          brokers: config
            .KAFKA_BROKERS!.split(',')
            .map((b) => b.trim())
            .filter(Boolean),
          clientId: config.KAFKA_CLIENT_ID === 'concerto' ? `concerto-${opts.service}` : config.KAFKA_CLIENT_ID,
          retry: { maxAttempts: config.CONSUMER_MAX_ATTEMPTS, backoffMs: config.CONSUMER_RETRY_BACKOFF_MS },
          isTransient: isInfrastructureOutage,
          logLevel: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'verbose' ? 'info' : 'warn',
        }),
      });
    }
    if (uses.queue) {
      const queue: QueueConnection = { kind: 'redis', url: config.REDIS_URL! };
      providers.push({ provide: QUEUE_CONNECTION, useValue: queue });
    }
    if (uses.directoryApi) {
      providers.push({
        provide: DIRECTORY_READ_API,
        useValue: new HttpDirectoryReadApi(internal('directory', config.DIRECTORY_URL!)),
      });
      // The directory process provides its own (in-process) subject directory.
      providers.push({
        provide: SUBJECT_DIRECTORY_API,
        useValue: new HttpSubjectDirectoryApi(internal('directory', config.DIRECTORY_URL!)),
      });
    }
    if (uses.personIdentityApi) {
      providers.push({
        provide: PERSON_IDENTITY_API,
        useValue: new HttpPersonIdentityApi(internal('alerts', config.ALERTS_URL!)),
      });
    }
    if (uses.invitationCardsApi) {
      providers.push({
        provide: INVITATION_CARDS_API,
        useValue: new HttpInvitationCardsApi(internal('scheduling', config.SCHEDULING_URL!)),
      });
    }
    if (uses.caseAcknowledgeApi) {
      providers.push({
        provide: CASE_ACKNOWLEDGE_API,
        useValue: new HttpCaseAcknowledgeApi(internal('cases', config.CASES_URL!)),
      });
    }
    if (uses.alertsAuditApi) {
      providers.push({
        provide: ALERTS_AUDIT_API,
        useValue: new HttpCaseAuditApi(internal('alerts', config.ALERTS_URL!), '/internal/v1/alerts/cases', 'alerts'),
      });
    }
    if (uses.notificationsAuditApi) {
      providers.push({
        provide: NOTIFICATIONS_AUDIT_API,
        useValue: new HttpCaseAuditApi(
          internal('notifications', config.NOTIFICATIONS_URL!),
          '/internal/v1/notifications/cases',
          'notifications',
        ),
      });
    }
    if (uses.caseAuditApi) {
      providers.push({
        provide: CASE_AUDIT_API,
        useValue: new HttpCaseAuditApi(internal('cases', config.CASES_URL!)),
      });
    }
    return {
      module: DistributedInfraModule,
      providers: [
        ...providers,
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        { provide: APP_GUARD, useClass: SubjectGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
      exports: providers.filter((p) => p !== TransportLifecycle),
    };
  }
}
