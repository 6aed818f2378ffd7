import type { Provider } from '@nestjs/common';
import { ConsentChanges } from './application/consent-changes.js';
import { WithdrawConsentAsPersonHandler } from './application/commands/withdraw-consent-as-person/withdraw-consent-as-person.handler.js';
import { RecordConsentHandler } from './application/commands/record-consent/record-consent.handler.js';
import { GetConsentHandler } from './application/queries/get-consent/get-consent.handler.js';
import { GetConsentHistoryHandler } from './application/queries/get-consent-history/get-consent-history.handler.js';
import { ConsentRepository } from './domain/consent.repository.js';
import { SqlConsentRepository } from './infrastructure/persistence/sql-consent.repository.js';

/** The person's consent to a concertation, per participant and data category. */
export const consentProviders: Provider[] = [
  { provide: ConsentRepository, useClass: SqlConsentRepository },
  ConsentChanges,
  RecordConsentHandler,
  WithdrawConsentAsPersonHandler,
  GetConsentHandler,
  GetConsentHistoryHandler,
];
