import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
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
import { CreateNotificationsTables1763800000400 } from './database/migrations/1763800000400-create-notifications-tables.js';
import { AddDeliveryReports1763800000410 } from './database/migrations/1763800000410-add-delivery-reports.js';
import { AddOutboxRelayLease1763800000420 } from './database/migrations/1763800000420-add-outbox-relay-lease.js';
import { AddMessagingRetentionIndex1763800000430 } from './database/migrations/1763800000430-add-messaging-retention-index.js';
import { AddCaseConsent1763800000440 } from './database/migrations/1763800000440-add-case-consent.js';
import { AddPages1784000000000 } from './database/migrations/1784000000000-add-pages.js';
import { AddCaseFeedback1786000000200 } from './database/migrations/1786000000200-add-case-feedback.js';
import { PageDeadlinePassed1788000000000 } from './database/migrations/1788000000000-page-deadline-passed.js';
import { PageCaseTransferred1789000000000 } from './database/migrations/1789000000000-page-case-transferred.js';
import { PagedCaseMerged1790000000100 } from './database/migrations/1790000000100-paged-case-merged.js';
import { CoordinatorTaskProgress1796000000400 } from './database/migrations/1796000000400-coordinator-task-progress.js';
import { AddFollowUpMessages1797000000000 } from './database/migrations/1797000000000-add-follow-up-messages.js';
import { AddPersonLinkMessages1801000000200 } from './database/migrations/1801000000200-add-person-link-messages.js';

import { FollowUpBlockedAndDone1800000000100 } from './database/migrations/1800000000100-follow-up-blocked-and-done.js';
import { AuditLogRefusesTruncate1782000000400 } from './database/migrations/1782000000400-audit-log-refuses-truncate.js';
import {
  createEmailChannel,
  createSmsChannel,
  type EmailChannel,
  mailboxDir,
  mailIdentity,
  type SmsChannel,
} from './modules/invitations/infrastructure/channel-adapters.js';
import { DeliveryQueue } from './modules/invitations/infrastructure/delivery-queue.js';
import { DevMailboxSender } from './modules/invitations/infrastructure/dev-mailbox.sender.js';
import { DevSmsSink } from './modules/invitations/infrastructure/dev-sms.sink.js';
import { LetterStore } from './modules/invitations/infrastructure/letter-store.js';
import { DeliveryJobProcessor } from './modules/invitations/infrastructure/jobs/delivery-job.processor.js';
import { HtmlLetterRenderer } from './modules/invitations/infrastructure/letter-renderer.js';
import { invitationsControllers, invitationsProviders } from './modules/invitations/invitations.providers.js';
import { CaseEventsConsumer } from './modules/invitations/interface/messaging/case-events.consumer.js';
import { ConcertationEventsConsumer } from './modules/invitations/interface/messaging/concertation-events.consumer.js';
import { InvitationTimers } from './modules/invitations/interface/timers/invitation-timers.js';
import {
  EMAIL_SENDER,
  LETTER_RENDERER,
  MAIL_IDENTITY,
  NOTIFICATIONS_DB,
  NOTIFICATIONS_SCHEMA,
  NOTIFICATIONS_SERVICE,
  SMS_SENDER,
} from './notifications.tokens.js';

const EMAIL_CHANNEL = Symbol('EMAIL_CHANNEL');
const SMS_CHANNEL = Symbol('SMS_CHANNEL');

const channelProviders: Provider[] = [
  {
    provide: EMAIL_CHANNEL,
    inject: [CONFIG, CLOCK],
    useFactory: (config: ConcertoConfig, clock: Clock) => createEmailChannel(config, () => clock.now()),
  },
  {
    provide: SMS_CHANNEL,
    inject: [CONFIG, CLOCK],
    useFactory: (config: ConcertoConfig, clock: Clock) => createSmsChannel(config, () => clock.now()),
  },
  { provide: EMAIL_SENDER, inject: [EMAIL_CHANNEL], useFactory: (c: EmailChannel) => c.sender },
  { provide: SMS_SENDER, inject: [SMS_CHANNEL], useFactory: (c: SmsChannel) => c.sender },
  // Present only when the development sinks are in use (the mailbox endpoint reads them).
  { provide: DevMailboxSender, inject: [EMAIL_CHANNEL], useFactory: (c: EmailChannel) => c.devMailbox ?? null },
  { provide: DevSmsSink, inject: [SMS_CHANNEL], useFactory: (c: SmsChannel) => c.devSink ?? null },
  {
    provide: LetterStore,
    inject: [CONFIG],
    useFactory: (config: ConcertoConfig) => new LetterStore(mailboxDir(config)),
  },
  { provide: LETTER_RENDERER, useValue: new HtmlLetterRenderer() },
  { provide: MAIL_IDENTITY, inject: [CONFIG], useFactory: (config: ConcertoConfig) => mailIdentity(config) },
];

/** What the shared lifecycle does not know: the SMTP warning and the e-mail transport's pool. */
@Injectable()
class EmailChannelLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationsService');

  constructor(
    @Inject(EMAIL_CHANNEL) private readonly email: EmailChannel,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.CONCERTO_MODE === 'distributed' && !this.config.SMTP_URL) {
      this.logger.warn({
        msg: 'SMTP_URL is not set: invitations are written to the development mailbox folder, not sent',
        mailbox: mailboxDir(this.config),
      });
    }
  }

  onApplicationShutdown(): void {
    this.email.close();
  }
}

/**
 * Notifications service: invitations in each invitee's language on their best channel (SMTP
 * e-mail with an iCalendar request, SMS, or a letter / phone call by the coordinator), meeting
 * reminders, the no-answer chain (another channel, a substitute, the coordinator), and the
 * delivery events. Schema `notifications`.
 */
@Module({
  controllers: invitationsControllers,
  providers: [
    {
      provide: NOTIFICATIONS_DB,
      inject: [DATABASE_URL, { token: MIGRATION_DATABASE_URL, optional: true }],
      useFactory: async (url: string, migrationUrl?: string | null) => {
        const ds = createServiceDataSource({
          url,
          schema: NOTIFICATIONS_SCHEMA,
          entities: [],
          migrations: [
            CreateNotificationsTables1763800000400,
            AddDeliveryReports1763800000410,
            AddOutboxRelayLease1763800000420,
            AddMessagingRetentionIndex1763800000430,
            AddCaseConsent1763800000440,
            AuditLogRefusesTruncate1782000000400,
            AddPages1784000000000,
            AddCaseFeedback1786000000200,
            PageDeadlinePassed1788000000000,
            PageCaseTransferred1789000000000,
            PagedCaseMerged1790000000100,
            CoordinatorTaskProgress1796000000400,
            AddFollowUpMessages1797000000000,
            AddPersonLinkMessages1801000000200,

            FollowUpBlockedAndDone1800000000100,
          ],
        });
        return initializeServiceDataSource(ds, NOTIFICATIONS_SCHEMA, migrationUrl);
      },
    },
    ...serviceMessagingProviders({
      service: NOTIFICATIONS_SERVICE,
      schema: NOTIFICATIONS_SCHEMA,
      dataSourceToken: NOTIFICATIONS_DB,
      hasTimers: true,
    }),
    {
      provide: DurableTimers,
      inject: [NOTIFICATIONS_DB, UnitOfWork, QUEUE_CONNECTION, CLOCK, CONFIG],
      useFactory: (
        ds: DataSource,
        uow: UnitOfWork,
        connection: QueueConnection,
        clock: Clock,
        config: ConcertoConfig,
      ) =>
        new DurableTimers(
          NOTIFICATIONS_SCHEMA,
          ds,
          uow,
          new TimerQueue('notifications-timers', connection),
          clock,
          config.TIMER_SWEEP_INTERVAL_MS,
        ),
    },
    {
      provide: DeliveryQueue,
      inject: [QUEUE_CONNECTION, CONFIG],
      useFactory: (connection: QueueConnection, config: ConcertoConfig) =>
        new DeliveryQueue('notifications-deliveries', connection, {
          attempts: config.NOTIFICATIONS_MAX_ATTEMPTS + 1,
          backoffMs: config.NOTIFICATIONS_RETRY_BACKOFF_MS,
        }),
    },
    ...channelProviders,
    ...invitationsProviders,
    EmailChannelLifecycle,
    serviceLifecycle({
      service: NOTIFICATIONS_SERVICE,
      dataSource: NOTIFICATIONS_DB,
      consumers: [ConcertationEventsConsumer, CaseEventsConsumer],
      timers: (get) => get(InvitationTimers).handlers(),
      workers: [DeliveryJobProcessor],
    }),
  ],
  exports: [DurableTimers],
})
export class NotificationsServiceModule {}
