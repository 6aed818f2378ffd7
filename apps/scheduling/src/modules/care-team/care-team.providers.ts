import type { Provider } from '@nestjs/common';
import { CareTeamApplicationServices, CareTeamCommandHandlers, CareTeamQueryHandlers } from './application/index.js';
import { CareTeamRepository } from './domain/care-team.repository.js';
import { SqlCareTeamRepository } from './infrastructure/persistence/sql-care-team.repository.js';

/** The care team of a case: the person by default, professionals from the directory, informal participants. */
export const careTeamProviders: Provider[] = [
  { provide: CareTeamRepository, useClass: SqlCareTeamRepository },
  ...CareTeamApplicationServices,
  ...CareTeamCommandHandlers,
  ...CareTeamQueryHandlers,
];
