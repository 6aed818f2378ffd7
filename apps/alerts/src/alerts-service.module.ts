import { type BeforeApplicationShutdown, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, ConcertoConfig, ConfigError } from '#concerto/config';
import { ReadinessRegistry } from '#concerto/http';
import { MessageTransport, MessagingRetention, OutboxRelay, serviceMessagingProviders } from '#concerto/messaging';
import { closeServiceDataSource, createServiceDataSource, DATABASE_URL, databaseCheck, initializeServiceDataSource } from '#concerto/persistence';
import { ALERTS_DB, ALERTS_SCHEMA, ALERTS_SERVICE, PSEUDONYM_SECRET } from './alerts.tokens.js';
import { CreateAlertsTables1763800000100 } from './database/migrations/1763800000100-create-alerts-tables.js';
import { AddOutboxRelayLease1763800000120 } from './database/migrations/1763800000120-add-outbox-relay-lease.js';
import { AddMessagingRetentionIndex1763800000130 } from './database/migrations/1763800000130-add-messaging-retention-index.js';
import { RaiseAlertHandler } from './modules/intake/application/commands/raise-alert/raise-alert.handler.js';
import { PersonVaultService } from './modules/intake/application/person-vault.service.js';
import { GetAlertHandler } from './modules/intake/application/queries/get-alert.handler.js';
import { AlertsController } from './modules/intake/interface/http/alerts.controller.js';
import { InternalPersonsController } from './modules/intake/interface/http/internal-persons.controller.js';
import { CaseStatusConsumer } from './modules/intake/interface/messaging/case-status.consumer.js';

/** Alerts service: intake of red-button alerts, idempotency, correlation, the identity vault. */
@Module({
  controllers: [AlertsController, InternalPersonsController],
  providers: [
    {
      provide: ALERTS_DB,
      inject: [DATABASE_URL],
      useFactory: async (url: string) => {
        const ds = createServiceDataSource({ url, schema: ALERTS_SCHEMA, entities: [], migrations: [CreateAlertsTables1763800000100, AddOutboxRelayLease1763800000120, AddMessagingRetentionIndex1763800000130] });
        return initializeServiceDataSource(ds, ALERTS_SCHEMA);
      },
    },
    {
      provide: PSEUDONYM_SECRET,
      inject: [CONFIG],
      useFactory: (config: ConcertoConfig) => {
        if (!config.PSEUDONYM_SECRET) {
          throw new ConfigError('PSEUDONYM_SECRET is required (at least 32 characters)');
        }
        return config.PSEUDONYM_SECRET;
      },
    },
    ...serviceMessagingProviders({ service: ALERTS_SERVICE, schema: ALERTS_SCHEMA, dataSourceToken: ALERTS_DB }),
    RaiseAlertHandler,
    GetAlertHandler,
    PersonVaultService,
    CaseStatusConsumer,
  ],
  exports: [PersonVaultService],
})
export class AlertsServiceModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(ALERTS_DB) private readonly ds: DataSource,
    private readonly relay: OutboxRelay,
    private readonly retention: MessagingRetention,
    private readonly transport: MessageTransport,
    private readonly caseStatus: CaseStatusConsumer,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.caseStatus.register(this.transport);
    this.readiness.register(databaseCheck('alerts-db', this.ds));
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.retention.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.retention.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await closeServiceDataSource(this.ds);
  }
}
