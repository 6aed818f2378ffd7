import type { Provider } from '@nestjs/common';
import { DatePollRepository } from './application/date-poll.repository.js';
import { DatePollApplicationServices, DatePollCommandHandlers, DatePollQueryHandlers } from './application/index.js';
import { SqlDatePollRepository } from './infrastructure/persistence/sql-date-poll.repository.js';

/** Date polls for invitees whose availability is unknown; at the closing date the best date becomes the concertation. */
export const pollProviders: Provider[] = [
  { provide: DatePollRepository, useClass: SqlDatePollRepository },
  ...DatePollApplicationServices,
  ...DatePollCommandHandlers,
  ...DatePollQueryHandlers,
];
