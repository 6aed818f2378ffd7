import { type BeforeApplicationShutdown, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { ReadinessRegistry } from '#concerto/http';
import { MessageTransport, MessagingRetention, OutboxRelay, serviceMessagingProviders, UnitOfWork } from '#concerto/messaging';
import { closeServiceDataSource, createServiceDataSource, DATABASE_URL, databaseCheck, initializeServiceDataSource } from '#concerto/persistence';
import { DurableTimers, QUEUE_CONNECTION, type QueueConnection, TimerQueue } from '#concerto/timers';
import { ACK_DEADLINE_TIMER, CASES_DB, CASES_SCHEMA, CASES_SERVICE } from './cases.tokens.js';
import { CreateCasesTables1763800000200 } from './database/migrations/1763800000200-create-cases-tables.js';
import { AddOutboxRelayLease1763800000220 } from './database/migrations/1763800000220-add-outbox-relay-lease.js';
import { AddMessagingRetentionIndex1763800000230 } from './database/migrations/1763800000230-add-messaging-retention-index.js';
import { AcknowledgeCaseHandler } from './modules/cases/application/commands/acknowledge-case/acknowledge-case.handler.js';
import { EscalateCaseTimerHandler } from './modules/cases/application/commands/escalate-case/escalate-case.timer-handler.js';
import { HandleAlertRaisedHandler } from './modules/cases/application/commands/handle-alert-raised/handle-alert-raised.handler.js';
import { CaseStore } from './modules/cases/application/case-store.js';
import { CaseTimeline } from './modules/cases/application/case-timeline.port.js';
import { GetCaseHandler, GetCaseTimelineHandler } from './modules/cases/application/queries/get-case/get-case.handler.js';
import { CaseRepository } from './modules/cases/domain/case.repository.js';
import { CaseEntity, TimelineEntryEntity } from './modules/cases/infrastructure/persistence/case.entity.js';
import { TypeormCaseRepository } from './modules/cases/infrastructure/persistence/typeorm-case.repository.js';
import { TypeormCaseTimeline } from './modules/cases/infrastructure/persistence/typeorm-case-timeline.js';
import { CasesController } from './modules/cases/interface/http/cases.controller.js';
import { AlertRaisedConsumer } from './modules/cases/interface/messaging/alert-raised.consumer.js';

/** Cases service: the case aggregate, its lifecycle, membership, acknowledgement and escalation. */
@Module({
  controllers: [CasesController],
  providers: [
    {
      provide: CASES_DB,
      inject: [DATABASE_URL],
      useFactory: async (url: string) => {
        const ds = createServiceDataSource({
          url,
          schema: CASES_SCHEMA,
          entities: [CaseEntity, TimelineEntryEntity],
          migrations: [CreateCasesTables1763800000200, AddOutboxRelayLease1763800000220, AddMessagingRetentionIndex1763800000230],
        });
        return initializeServiceDataSource(ds, CASES_SCHEMA);
      },
    },
    ...serviceMessagingProviders({ service: CASES_SERVICE, schema: CASES_SCHEMA, dataSourceToken: CASES_DB, hasTimers: true }),
    {
      provide: DurableTimers,
      inject: [CASES_DB, UnitOfWork, QUEUE_CONNECTION, CLOCK, CONFIG],
      useFactory: (ds: DataSource, uow: UnitOfWork, connection: QueueConnection, clock: Clock, config: ConcertoConfig) =>
        new DurableTimers(CASES_SCHEMA, ds, uow, new TimerQueue('cases-timers', connection), clock, config.TIMER_SWEEP_INTERVAL_MS),
    },
    { provide: CaseRepository, useClass: TypeormCaseRepository },
    { provide: CaseTimeline, useClass: TypeormCaseTimeline },
    CaseStore,
    HandleAlertRaisedHandler,
    AcknowledgeCaseHandler,
    EscalateCaseTimerHandler,
    GetCaseHandler,
    GetCaseTimelineHandler,
    AlertRaisedConsumer,
  ],
  exports: [DurableTimers],
})
export class CasesServiceModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(CASES_DB) private readonly ds: DataSource,
    private readonly relay: OutboxRelay,
    private readonly retention: MessagingRetention,
    private readonly timers: DurableTimers,
    private readonly transport: MessageTransport,
    private readonly alertRaised: AlertRaisedConsumer,
    private readonly escalation: EscalateCaseTimerHandler,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.alertRaised.register(this.transport);
    this.timers.on(ACK_DEADLINE_TIMER, (timer, scope) => this.escalation.handle(timer, scope));
    this.readiness.register(databaseCheck('cases-db', this.ds));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.relay.start();
    this.retention.start();
    await this.timers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.timers.stop();
    await this.relay.stop();
    await this.retention.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await closeServiceDataSource(this.ds);
  }
}
