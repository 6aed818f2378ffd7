import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { serviceMessagingProviders, UnitOfWork } from '#concerto/messaging';
import {
  createServiceDataSource,
  DATABASE_URL,
  initializeServiceDataSource,
  MIGRATION_DATABASE_URL,
} from '#concerto/persistence';
import { serviceLifecycle } from '#concerto/platform';
import { DurableTimers, QUEUE_CONNECTION, type QueueConnection, TimerQueue } from '#concerto/timers';
import { ACKNOWLEDGEMENT_POLICY, CASES_DB, CASES_SCHEMA, CASES_SERVICE } from './cases.tokens.js';
import { CreateCasesTables1763800000200 } from './database/migrations/1763800000200-create-cases-tables.js';
import { AddOutboxRelayLease1763800000220 } from './database/migrations/1763800000220-add-outbox-relay-lease.js';
import { AddMessagingRetentionIndex1763800000230 } from './database/migrations/1763800000230-add-messaging-retention-index.js';
import { AuditLogRefusesTruncate1782000000200 } from './database/migrations/1782000000200-audit-log-refuses-truncate.js';
import { CreateCaseDeadlines1785000000200 } from './database/migrations/1785000000200-create-case-deadlines.js';
import { AddCaseLifecycle1786000000000 } from './database/migrations/1786000000000-add-case-lifecycle.js';
import { CreateCaseMerges1787000000200 } from './database/migrations/1787000000200-create-case-merges.js';
import { SignalsFollowMerges1790000000000 } from './database/migrations/1790000000000-signals-follow-merges.js';
import { DecidePossibleMatchHandler } from './modules/cases/application/commands/decide-possible-match/decide-possible-match.handler.js';
import { RecordPossibleMatchHandler } from './modules/cases/application/commands/record-possible-match/record-possible-match.handler.js';
import { SplitCaseHandler } from './modules/cases/application/commands/split-case/split-case.handler.js';
import { VerifyCasePersonHandler } from './modules/cases/application/commands/verify-case-person/verify-case-person.handler.js';
import { CaseMergeRepository } from './modules/cases/domain/merges/case-merge.repository.js';
import { SqlCaseMergeRepository } from './modules/cases/infrastructure/persistence/sql-case-merge.repository.js';
import { CaseMergesController } from './modules/cases/interface/http/case-merges.controller.js';
import { DeadlineApplicationProviders } from './modules/cases/application/deadlines/index.js';
import { CaseDeadlineRepository } from './modules/cases/domain/deadlines/case-deadline.repository.js';
import { SqlCaseDeadlineRepository } from './modules/cases/infrastructure/persistence/sql-case-deadline.repository.js';
import { CaseDeadlinesController } from './modules/cases/interface/http/case-deadlines.controller.js';
import { DeadlinePassedProcessor } from './modules/cases/interface/timers/deadline-passed.processor.js';
import { AddCaseSignals1783000000000 } from './database/migrations/1783000000000-add-case-signals.js';
import { CaseChanges } from './modules/cases/application/case-changes.js';
import { AcknowledgeCaseHandler } from './modules/cases/application/commands/acknowledge-case/acknowledge-case.handler.js';
import { CloseCaseHandler } from './modules/cases/application/commands/close-case/close-case.handler.js';
import { ConfirmCaseBassinHandler } from './modules/cases/application/commands/confirm-case-bassin/confirm-case-bassin.handler.js';
import { ReopenCaseHandler } from './modules/cases/application/commands/reopen-case/reopen-case.handler.js';
import { TransferCaseHandler } from './modules/cases/application/commands/transfer-case/transfer-case.handler.js';
import { EscalateCaseHandler } from './modules/cases/application/commands/escalate-case/escalate-case.handler.js';
import { OpenOrJoinCaseHandler } from './modules/cases/application/commands/open-or-join-case/open-or-join-case.handler.js';
import { CaseWorklist } from './modules/cases/application/ports/case-worklist.js';
import {
  GetCaseHandler,
  GetCaseTimelineHandler,
} from './modules/cases/application/queries/get-case/get-case.handler.js';
import { ListCasesHandler } from './modules/cases/application/queries/list-cases/list-cases.handler.js';
import { ReporterRoleHandler } from './modules/cases/application/queries/reporter-role/reporter-role.handler.js';
import { WatchWorklistHandler } from './modules/cases/application/queries/watch-worklist/watch-worklist.handler.js';
import { WorklistChangeLog, WorklistFeed } from './modules/cases/application/worklist-feed.js';
import {
  SqlWorklistChangeLog,
  WorklistChangeTailer,
} from './modules/cases/infrastructure/persistence/sql-worklist-change-log.js';
import { CaseRepository } from './modules/cases/domain/case.repository.js';
import type { AcknowledgementPolicy } from './modules/cases/domain/case.types.js';
import { CaseTimelineRepository } from './modules/cases/domain/case-timeline.repository.js';
import {
  CaseEntity,
  SignalEntity,
  TimelineEntryEntity,
} from './modules/cases/infrastructure/persistence/case.entity.js';
import { TypeormCaseWorklist } from './modules/cases/infrastructure/persistence/typeorm-case-worklist.js';
import { TypeormCaseRepository } from './modules/cases/infrastructure/persistence/typeorm-case.repository.js';
import { TypeormCaseTimelineRepository } from './modules/cases/infrastructure/persistence/typeorm-case-timeline.repository.js';
import { CasesController } from './modules/cases/interface/http/cases.controller.js';
import { InternalCasesController } from './modules/cases/interface/http/internal-cases.controller.js';
import { CaseAcknowledgementsService } from './modules/cases/interface/in-process/case-acknowledgements.service.js';
import { CaseAuditService } from './modules/cases/interface/in-process/case-audit.service.js';
import { CaseAuditReader } from './modules/cases/application/ports/case-audit-reader.js';
import { SqlCaseAuditReader } from './modules/cases/infrastructure/persistence/sql-case-audit-reader.js';
import { ListCaseAuditHandler } from './modules/cases/application/queries/list-case-audit/list-case-audit.handler.js';
import { AlertRaisedConsumer } from './modules/cases/interface/messaging/alert-raised.consumer.js';
import { ActionItemEventsConsumer } from './modules/cases/interface/messaging/action-item-events.consumer.js';
import { TrackActionItemHandler } from './modules/cases/application/commands/track-action-item/track-action-item.handler.js';
import { ActionItemsView, CaseReviews } from './modules/cases/domain/action-items-view.js';
import { PlanCaseReviewHandler } from './modules/cases/application/commands/plan-case-review/plan-case-review.handler.js';
import {
  SqlActionItemsView,
  SqlCaseReviews,
} from './modules/cases/infrastructure/persistence/sql-action-items-view.js';
import { CreateOpenActionItems1794000000100 } from './database/migrations/1794000000100-create-open-action-items.js';
import { AcknowledgementDeadlineProcessor } from './modules/cases/interface/timers/acknowledgement-deadline.processor.js';

const CommandHandlers = [
  OpenOrJoinCaseHandler,
  AcknowledgeCaseHandler,
  EscalateCaseHandler,
  CloseCaseHandler,
  ReopenCaseHandler,
  TransferCaseHandler,
  ConfirmCaseBassinHandler,
  TrackActionItemHandler,
  PlanCaseReviewHandler,
];
// One case per person (issue 15): possible matches, merge and split, verified identity.
const MergeCommandHandlers = [
  RecordPossibleMatchHandler,
  DecidePossibleMatchHandler,
  SplitCaseHandler,
  VerifyCasePersonHandler,
];
const QueryHandlers = [
  GetCaseHandler,
  GetCaseTimelineHandler,
  ListCasesHandler,
  WatchWorklistHandler,
  ReporterRoleHandler,
  ListCaseAuditHandler,
];

/** Cases service: the case aggregate, its lifecycle, membership, acknowledgement and escalation. */
@Module({
  controllers: [CasesController, CaseDeadlinesController, CaseMergesController, InternalCasesController],
  providers: [
    CaseAcknowledgementsService,
    CaseAuditService,
    { provide: CaseAuditReader, useClass: SqlCaseAuditReader },
    {
      provide: CASES_DB,
      inject: [DATABASE_URL, { token: MIGRATION_DATABASE_URL, optional: true }],
      useFactory: async (url: string, migrationUrl?: string | null) => {
        const ds = createServiceDataSource({
          url,
          schema: CASES_SCHEMA,
          entities: [CaseEntity, TimelineEntryEntity, SignalEntity],
          migrations: [
            CreateCasesTables1763800000200,
            AddOutboxRelayLease1763800000220,
            AddMessagingRetentionIndex1763800000230,
            AuditLogRefusesTruncate1782000000200,
            AddCaseSignals1783000000000,
            CreateCaseDeadlines1785000000200,
            AddCaseLifecycle1786000000000,
            CreateCaseMerges1787000000200,
            SignalsFollowMerges1790000000000,
            CreateOpenActionItems1794000000100,
          ],
        });
        return initializeServiceDataSource(ds, CASES_SCHEMA, migrationUrl);
      },
    },
    ...serviceMessagingProviders({
      service: CASES_SERVICE,
      schema: CASES_SCHEMA,
      dataSourceToken: CASES_DB,
      hasTimers: true,
    }),
    {
      provide: DurableTimers,
      inject: [CASES_DB, UnitOfWork, QUEUE_CONNECTION, CLOCK, CONFIG],
      useFactory: (
        ds: DataSource,
        uow: UnitOfWork,
        connection: QueueConnection,
        clock: Clock,
        config: ConcertoConfig,
      ) =>
        new DurableTimers(
          CASES_SCHEMA,
          ds,
          uow,
          new TimerQueue('cases-timers', connection),
          clock,
          config.TIMER_SWEEP_INTERVAL_MS,
        ),
    },
    {
      provide: ACKNOWLEDGEMENT_POLICY,
      inject: [CONFIG],
      useFactory: (config: ConcertoConfig): AcknowledgementPolicy => ({
        urgentMs: config.ACK_TIMEOUT_URGENT_MINUTES * 60_000,
        normalMs: config.ACK_TIMEOUT_NORMAL_MINUTES * 60_000,
      }),
    },
    { provide: CaseRepository, useClass: TypeormCaseRepository },
    { provide: CaseTimelineRepository, useClass: TypeormCaseTimelineRepository },
    { provide: CaseWorklist, useClass: TypeormCaseWorklist },
    WorklistFeed,
    { provide: WorklistChangeLog, useClass: SqlWorklistChangeLog },
    WorklistChangeTailer,
    CaseChanges,
    { provide: CaseDeadlineRepository, useClass: SqlCaseDeadlineRepository },
    ...DeadlineApplicationProviders,
    DeadlinePassedProcessor,
    ...CommandHandlers,
    ...MergeCommandHandlers,
    { provide: CaseMergeRepository, useClass: SqlCaseMergeRepository },
    ...QueryHandlers,
    AlertRaisedConsumer,
    ActionItemEventsConsumer,
    { provide: ActionItemsView, useClass: SqlActionItemsView },
    { provide: CaseReviews, useClass: SqlCaseReviews },
    AcknowledgementDeadlineProcessor,
    serviceLifecycle({
      service: CASES_SERVICE,
      dataSource: CASES_DB,
      consumers: [AlertRaisedConsumer, ActionItemEventsConsumer],
      timers: (get) => ({
        ...get(AcknowledgementDeadlineProcessor).handlers(),
        ...get(DeadlinePassedProcessor).handlers(),
      }),
      // Each replica reads the shared change log for its own worklist streams.
      workers: [WorklistChangeTailer],
    }),
  ],
  exports: [DurableTimers],
})
export class CasesServiceModule {}
