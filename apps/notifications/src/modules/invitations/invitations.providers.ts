import type { Provider, Type } from '@nestjs/common';
import { CommandHandlers } from './application/commands/index.js';
import { MessageReader } from './application/commands/deliver-message/message-reader.js';
import { MessageSender } from './application/commands/deliver-message/message-sender.js';
import { CoordinatorAccess } from './application/coordinator-access.js';
import { DeliveryJobs } from './application/ports/delivery-jobs.port.js';
import { DevMailboxReaders } from './application/dev-mailbox-readers.js';
import { CapturedMessageOwners, DevMailbox } from './application/ports/dev-mailbox.port.js';
import { QueryHandlers } from './application/queries/index.js';
import { DeliveryLedger } from './application/services/delivery-ledger.js';
import { NoAnswerChecks } from './application/services/no-answer-checks.js';
import { ConsentGuard } from './application/services/consent-guard.js';
import { PageLinkChecks } from './application/services/page-link-checks.js';
import { PageLinks } from './application/services/page-links.js';
import { CaseFeedbackMessages } from './application/services/case-feedback-messages.js';
import { PageMessages } from './application/services/page-messages.js';
import { PagePlanner } from './application/services/page-planner.js';
import { ProviderReports } from './application/services/provider-reports.js';
import { PagedCaseRepository, PageRepository } from './domain/page.js';
import { SqlPagedCaseRepository, SqlPageRepository } from './infrastructure/persistence/sql-page.repository.js';
import { InternalCaseAuditController } from './interface/http/internal-case-audit.controller.js';
import { NotificationsCaseAuditService } from './interface/in-process/case-audit.service.js';
import { CaseAuditReader } from './application/ports/case-audit-reader.js';
import { SqlCaseAuditReader } from './infrastructure/persistence/sql-case-audit-reader.js';
import { PagesController } from './interface/http/pages.controller.js';
import { CaseConsentRepository } from './domain/case-consent.js';
import { CaseFeedbackRepository } from './domain/case-feedback.js';
import { FollowUpMessageRepository } from './domain/follow-up-message.js';
import { SqlFollowUpMessageRepository } from './infrastructure/persistence/sql-follow-up-message.repository.js';
import { FollowUpMessages } from './application/services/follow-up-messages.js';
import { SqlCaseFeedbackRepository } from './infrastructure/persistence/sql-case-feedback.repository.js';
import { CoordinatorTaskRepository } from './domain/coordinator-task.js';
import { DeliveryRepository } from './domain/delivery.js';
import { CaseBassinRepository, InvitationViewRepository } from './domain/invitation-view.js';
import { LetterArchive } from './domain/letter-archive.js';
import { ProviderReportRepository } from './domain/provider-report.js';
import { DeliveryQueue } from './infrastructure/delivery-queue.js';
import { CapturedMessagesMailbox } from './infrastructure/dev-mailbox/captured-messages.mailbox.js';
import { DeliveryJobProcessor } from './infrastructure/jobs/delivery-job.processor.js';
import { LetterStore } from './infrastructure/letter-store.js';
import { SqlCoordinatorTaskRepository } from './infrastructure/persistence/sql-coordinator-task.repository.js';
import { SqlCapturedMessageOwners } from './infrastructure/persistence/sql-captured-message-owners.js';
import { SqlCaseConsentRepository } from './infrastructure/persistence/sql-case-consent.repository.js';
import { SqlDeliveryRepository } from './infrastructure/persistence/sql-delivery.repository.js';
import {
  SqlCaseBassinRepository,
  SqlInvitationViewRepository,
} from './infrastructure/persistence/sql-invitation-view.repository.js';
import { SqlProviderReportRepository } from './infrastructure/persistence/sql-provider-report.repository.js';
import { DeliveryReportsController } from './interface/http/delivery-reports.controller.js';
import { CoordinatorTasksController, DevMailboxController } from './interface/http/notifications.controller.js';
import { CaseEventsConsumer } from './interface/messaging/case-events.consumer.js';
import { ConcertationEventsConsumer } from './interface/messaging/concertation-events.consumer.js';
import { InvitationTimers } from './interface/timers/invitation-timers.js';

export const invitationsControllers: Type[] = [
  CoordinatorTasksController,
  DevMailboxController,
  DeliveryReportsController,
  PagesController,
  InternalCaseAuditController,
];

/**
 * The invitations context: use-case handlers, the services they share, ports bound to their SQL
 * and file implementations, and the entry points (consumers, timers, the delivery job processor).
 * Needs from the service module: UnitOfWork, DurableTimers, AuditLog, DeliveryQueue, LetterStore
 * and the channel senders.
 */
export const invitationsProviders: Provider[] = [
  { provide: DeliveryRepository, useClass: SqlDeliveryRepository },
  { provide: InvitationViewRepository, useClass: SqlInvitationViewRepository },
  { provide: CaseBassinRepository, useClass: SqlCaseBassinRepository },
  { provide: CoordinatorTaskRepository, useClass: SqlCoordinatorTaskRepository },
  { provide: CaseConsentRepository, useClass: SqlCaseConsentRepository },
  { provide: ProviderReportRepository, useClass: SqlProviderReportRepository },
  { provide: LetterArchive, useExisting: LetterStore },
  { provide: DeliveryJobs, useExisting: DeliveryQueue },
  { provide: DevMailbox, useClass: CapturedMessagesMailbox },
  { provide: CapturedMessageOwners, useClass: SqlCapturedMessageOwners },
  { provide: PageRepository, useClass: SqlPageRepository },
  { provide: PagedCaseRepository, useClass: SqlPagedCaseRepository },
  { provide: CaseFeedbackRepository, useClass: SqlCaseFeedbackRepository },
  { provide: FollowUpMessageRepository, useClass: SqlFollowUpMessageRepository },
  { provide: CaseAuditReader, useClass: SqlCaseAuditReader },
  NotificationsCaseAuditService,
  FollowUpMessages,
  CaseFeedbackMessages,
  PageLinks,
  PageLinkChecks,
  PageMessages,
  PagePlanner,
  DevMailboxReaders,
  ConsentGuard,
  DeliveryLedger,
  ProviderReports,
  NoAnswerChecks,
  CoordinatorAccess,
  MessageReader,
  MessageSender,
  ...CommandHandlers,
  ...QueryHandlers,
  ConcertationEventsConsumer,
  CaseEventsConsumer,
  InvitationTimers,
  DeliveryJobProcessor,
];
