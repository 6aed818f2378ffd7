import type { Provider } from '@nestjs/common';
import { SlotFinder } from '../slots/infrastructure/slot-finder.provider.js';
import {
  ConcertationApplicationServices,
  ConcertationCommandHandlers,
  ConcertationQueryHandlers,
} from './application/index.js';
import { SlotSearcher } from './application/slot-searcher.js';
import { ConcertationRepository } from './domain/concertation.repository.js';
import { AnswerLinkStore } from './application/answer-link-store.js';
import { SqlAnswerLinkStore } from './infrastructure/persistence/sql-answer-link.store.js';
import { SqlConcertationRepository } from './infrastructure/persistence/sql-concertation.repository.js';
import { InboundReplyListener } from './interface/smtp/inbound-reply.listener.js';

/** The concertations context: its ports bound to their adapters, its handlers and the code they share. */
export const concertationProviders: Provider[] = [
  { provide: ConcertationRepository, useClass: SqlConcertationRepository },
  { provide: SlotSearcher, useExisting: SlotFinder },
  { provide: AnswerLinkStore, useClass: SqlAnswerLinkStore },
  ...ConcertationApplicationServices,
  ...ConcertationCommandHandlers,
  ...ConcertationQueryHandlers,
  InboundReplyListener,
];
