import type { Provider } from '@nestjs/common';
import { FollowUpApplicationServices, FollowUpCommandHandlers, FollowUpQueryHandlers } from './application/index.js';
import {
  ActionItemRepository,
  ConcertationRecordRepository,
  ReferentRepository,
  ReviewProposalRepository,
} from './domain/follow-up.repository.js';
import {
  SqlActionItemRepository,
  SqlConcertationRecordRepository,
  SqlReferentRepository,
  SqlReviewProposalRepository,
} from './infrastructure/persistence/sql-follow-up.repositories.js';

/** After the meeting: concertation records, the referent, action items and their follow-up timers (issue 17). */
export const followUpProviders: Provider[] = [
  { provide: ConcertationRecordRepository, useClass: SqlConcertationRecordRepository },
  { provide: ActionItemRepository, useClass: SqlActionItemRepository },
  { provide: ReferentRepository, useClass: SqlReferentRepository },
  { provide: ReviewProposalRepository, useClass: SqlReviewProposalRepository },
  ...FollowUpApplicationServices,
  ...FollowUpCommandHandlers,
  ...FollowUpQueryHandlers,
];
