import type { Provider } from '@nestjs/common';
import { CaseViewApplicationServices, CaseViewCommandHandlers } from './application/index.js';
import { CaseViewProjection } from './domain/case-view.projection.js';
import { SqlCaseViewProjection } from './infrastructure/persistence/sql-case-view.projection.js';
import { CaseEventsConsumer } from './interface/messaging/case-events.consumer.js';

/** Scheduling's view of cases (kept from the cases service's events) and the coordinators' access to them. */
export const caseViewProviders: Provider[] = [
  { provide: CaseViewProjection, useClass: SqlCaseViewProjection },
  ...CaseViewApplicationServices,
  ...CaseViewCommandHandlers,
  CaseEventsConsumer,
];
