import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RsvpLinkSigner } from '#concerto/auth';
import { CONFIG, type ConcertoConfig, ConfigError } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { serviceMessagingProviders, UnitOfWork } from '#concerto/messaging';
import {
  createServiceDataSource,
  DATABASE_URL,
  FieldCipher,
  initializeServiceDataSource,
  MIGRATION_DATABASE_URL,
  personVaultCipher,
  purgeOldRowVersions,
} from '#concerto/persistence';
import { serviceLifecycle } from '#concerto/platform';
import { DurableTimers, QUEUE_CONNECTION, type QueueConnection, TimerQueue } from '#concerto/timers';
import { caseViewProviders } from './modules/case-view/case-view.providers.js';
import { CaseEventsConsumer } from './modules/case-view/interface/messaging/case-events.consumer.js';
import { DeliveryReportsConsumer } from './modules/concertations/interface/messaging/delivery-reports.consumer.js';
import { CreateSchedulingTables1763800000300 } from './database/migrations/1763800000300-create-scheduling-tables.js';
import { AddStepFreeAccess1763800000310 } from './database/migrations/1763800000310-add-step-free-access.js';
import { AddOutboxRelayLease1763800000320 } from './database/migrations/1763800000320-add-outbox-relay-lease.js';
import { AddMessagingRetentionIndex1763800000330 } from './database/migrations/1763800000330-add-messaging-retention-index.js';
import { AddConsentHistory1763800000340 } from './database/migrations/1763800000340-add-consent-history.js';
import { AuditLogRefusesTruncate1782000000300 } from './database/migrations/1782000000300-audit-log-refuses-truncate.js';
import { VersionBusyBlocks1783400000300 } from './database/migrations/1783400000300-version-busy-blocks.js';
import { encryptParticipantContactsMigration } from './database/migrations/1763800000350-encrypt-participant-contacts.js';
import { reencryptParticipants } from './modules/care-team/infrastructure/persistence/participant-encryption.js';
import { CreateReviewProposals1800000000200 } from './database/migrations/1800000000200-create-review-proposals.js';
import { reencryptRecords } from './modules/follow-up/infrastructure/persistence/record-encryption.js';
import { sealRecordWishesAndDecisionsMigration } from './database/migrations/1800000000000-seal-record-wishes-and-decisions.js';
import { CreateCaseDeadlinesView1785000000300 } from './database/migrations/1785000000300-create-case-deadlines-view.js';
import { CreateFollowUpTables1794000000000 } from './database/migrations/1794000000000-create-follow-up-tables.js';
import { AdvanceActionItemTimerHandler } from './modules/follow-up/application/commands/advance-action-item/advance-action-item.timer-handler.js';
import { PrepareNextReviewTimerHandler } from './modules/follow-up/application/commands/prepare-next-review/prepare-next-review.timer-handler.js';
import { followUpProviders } from './modules/follow-up/follow-up.providers.js';
import { FollowUpController } from './modules/follow-up/interface/http/follow-up.controller.js';
import { CreatePersonLinks1801000000100 } from './database/migrations/1801000000100-create-person-links.js';
import { AddRoomAddress1801000000000 } from './database/migrations/1801000000000-add-room-address.js';
import { CreateAnswerLinks1796000000300 } from './database/migrations/1796000000300-create-answer-links.js';
import { InternalFollowUpCardsController } from './modules/follow-up/interface/http/internal-follow-up-cards.controller.js';
import { AvailabilityController } from './modules/availability/interface/http/availability.controller.js';
import { CareTeamController } from './modules/care-team/interface/http/care-team.controller.js';
import { ConcertationsController } from './modules/concertations/interface/http/concertations.controller.js';
import { InternalDeliveryCardsController } from './modules/concertations/interface/http/internal-delivery-cards.controller.js';
import { RsvpController } from './modules/concertations/interface/http/rsvp.controller.js';
import { InvitationCardsService } from './modules/concertations/interface/in-process/invitation-cards.service.js';
import { ConsentController } from './modules/consent/interface/http/consent.controller.js';
import { DatePollsController } from './modules/polls/interface/http/date-polls.controller.js';
import { InternalPollCardsController } from './modules/polls/interface/http/internal-poll-cards.controller.js';
import { PollAnswersController } from './modules/polls/interface/http/poll-answers.controller.js';
import { availabilityProviders } from './modules/availability/availability.providers.js';
import { concertationProviders } from './modules/concertations/concertations.providers.js';
import { consentProviders } from './modules/consent/consent.providers.js';
import { careTeamProviders } from './modules/care-team/care-team.providers.js';
import { CloseDatePollTimerHandler } from './modules/polls/application/commands/close-date-poll/close-date-poll.timer-handler.js';
import { pollProviders } from './modules/polls/polls.providers.js';
import { pageProviders } from './modules/pages/pages.providers.js';
import { InviteePageController } from './modules/pages/interface/http/invitee-page.controller.js';
import { PollPageController } from './modules/pages/interface/http/poll-page.controller.js';
import { PersonPageController } from './modules/pages/interface/http/person-page.controller.js';
import { PersonLinksController } from './modules/pages/interface/http/person-links.controller.js';
import { InternalPersonLinkCardsController } from './modules/pages/interface/http/internal-person-link-cards.controller.js';
import { slotFinderProvider } from './modules/slots/infrastructure/slot-finder.provider.js';
import { calendarReaderProvider } from './modules/slots/infrastructure/calendar-reader.provider.js';
import {
  ACTION_ITEM_TIMER,
  REVIEW_TIMER,
  POLL_CLOSING_TIMER,
  SCHEDULING_DB,
  SCHEDULING_SCHEMA,
  SCHEDULING_SERVICE,
} from './scheduling.tokens.js';

/** Scheduling service: consent, care team, availability, slot finding, concertations and their answers. */
@Module({
  controllers: [
    DatePollsController,
    ConsentController,
    CareTeamController,
    AvailabilityController,
    ConcertationsController,
    RsvpController,
    PollAnswersController,
    InviteePageController,
    PollPageController,
    PersonPageController,
    PersonLinksController,
    InternalPersonLinkCardsController,
    InternalPollCardsController,
    InternalDeliveryCardsController,
    FollowUpController,
    InternalFollowUpCardsController,
  ],
  providers: [
    {
      provide: FieldCipher,
      inject: [CONFIG],
      useFactory: (config: ConcertoConfig) => personVaultCipher(config),
    },
    {
      provide: SCHEDULING_DB,
      inject: [DATABASE_URL, FieldCipher, { token: MIGRATION_DATABASE_URL, optional: true }],
      useFactory: async (url: string, cipher: FieldCipher, migrationUrl?: string | null) => {
        const converted = { rewritten: 0 };
        const ds = createServiceDataSource({
          url,
          schema: SCHEDULING_SCHEMA,
          entities: [],
          migrations: [
            CreateSchedulingTables1763800000300,
            AddStepFreeAccess1763800000310,
            AddOutboxRelayLease1763800000320,
            AddMessagingRetentionIndex1763800000330,
            AddConsentHistory1763800000340,
            encryptParticipantContactsMigration(cipher, converted),
            AuditLogRefusesTruncate1782000000300,
            VersionBusyBlocks1783400000300,
            CreateCaseDeadlinesView1785000000300,
            CreateFollowUpTables1794000000000,
            CreateAnswerLinks1796000000300,
            sealRecordWishesAndDecisionsMigration(cipher, converted),
            CreateReviewProposals1800000000200,
            AddRoomAddress1801000000000,
            CreatePersonLinks1801000000100,
          ],
        });
        await initializeServiceDataSource(ds, SCHEDULING_SCHEMA, migrationUrl);
        // Key rotation: rows under a previous key are rewritten under the current one.
        const rewritten = converted.rewritten + (await reencryptParticipants(ds, cipher));
        const records = await reencryptRecords(ds, cipher);
        if (rewritten > 0) {
          await purgeOldRowVersions(ds, `"scheduling"."participants"`);
        }
        if (records > 0) {
          await purgeOldRowVersions(ds, `"scheduling"."concertation_records"`);
          await purgeOldRowVersions(ds, `"scheduling"."concertation_record_versions"`);
        }
        return ds;
      },
    },
    ...serviceMessagingProviders({
      service: SCHEDULING_SERVICE,
      schema: SCHEDULING_SCHEMA,
      dataSourceToken: SCHEDULING_DB,
      hasTimers: true,
    }),
    {
      provide: RsvpLinkSigner,
      inject: [CONFIG, CLOCK],
      useFactory: (config: ConcertoConfig, clock: Clock) => {
        if (!config.RSVP_LINK_SECRET) {
          throw new ConfigError('RSVP_LINK_SECRET is required (at least 32 characters)');
        }
        return new RsvpLinkSigner([{ id: 'k1', secret: config.RSVP_LINK_SECRET }], clock);
      },
    },
    {
      provide: DurableTimers,
      inject: [SCHEDULING_DB, UnitOfWork, QUEUE_CONNECTION, CLOCK, CONFIG],
      useFactory: (
        ds: DataSource,
        uow: UnitOfWork,
        connection: QueueConnection,
        clock: Clock,
        config: ConcertoConfig,
      ) =>
        new DurableTimers(
          SCHEDULING_SCHEMA,
          ds,
          uow,
          new TimerQueue('scheduling-timers', connection),
          clock,
          config.TIMER_SWEEP_INTERVAL_MS,
        ),
    },
    slotFinderProvider,
    calendarReaderProvider,
    ...caseViewProviders,
    ...pollProviders,
    ...pageProviders,
    InvitationCardsService,
    ...consentProviders,
    ...careTeamProviders,
    ...availabilityProviders,
    ...concertationProviders,
    ...followUpProviders,
    DeliveryReportsConsumer,
    serviceLifecycle({
      service: SCHEDULING_SERVICE,
      dataSource: SCHEDULING_DB,
      consumers: [CaseEventsConsumer, DeliveryReportsConsumer],
      timers: (get) => ({
        [POLL_CLOSING_TIMER]: (timer) => get(CloseDatePollTimerHandler).handle(timer),
        [ACTION_ITEM_TIMER]: (timer) => get(AdvanceActionItemTimerHandler).handle(timer),
        [REVIEW_TIMER]: (timer) => get(PrepareNextReviewTimerHandler).handle(timer),
      }),
    }),
  ],
  exports: [InvitationCardsService],
})
export class SchedulingServiceModule {}
