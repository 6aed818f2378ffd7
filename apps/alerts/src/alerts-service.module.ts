import { Module } from '@nestjs/common';
import { CONFIG, ConcertoConfig, ConfigError } from '#concerto/config';
import { serviceMessagingProviders } from '#concerto/messaging';
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
import { PossibleMatchRepository } from './modules/intake/application/ports/possible-match.repository.js';
import { SqlPossibleMatchRepository } from './modules/intake/infrastructure/persistence/sql-possible-match.repository.js';
import { ALERTS_DB, ALERTS_SCHEMA, ALERTS_SERVICE, PSEUDONYM_SECRET } from './alerts.tokens.js';
import { CreateAlertsTables1763800000100 } from './database/migrations/1763800000100-create-alerts-tables.js';
import { AddOutboxRelayLease1763800000120 } from './database/migrations/1763800000120-add-outbox-relay-lease.js';
import { AddMessagingRetentionIndex1763800000130 } from './database/migrations/1763800000130-add-messaging-retention-index.js';
import { AuditLogRefusesTruncate1782000000100 } from './database/migrations/1782000000100-audit-log-refuses-truncate.js';
import { AddAlertCallers1788000000000 } from './database/migrations/1788000000000-add-alert-callers.js';
import { encryptPersonVaultMigration } from './database/migrations/1763800000140-encrypt-person-vault.js';
import { oneCasePerPersonMigration } from './database/migrations/1787000000100-one-case-per-person.js';
import { VerifyPersonHandler } from './modules/intake/application/commands/verify-person/verify-person.handler.js';
import { RaiseAlertHandler } from './modules/intake/application/commands/raise-alert/raise-alert.handler.js';
import { PersonVaultService } from './modules/intake/application/person-vault.service.js';
import { AlertRepository } from './modules/intake/application/ports/alert.repository.js';
import { CaseIndexRepository } from './modules/intake/application/ports/case-index.repository.js';
import { IdempotencyKeyRepository } from './modules/intake/application/ports/idempotency-key.repository.js';
import { PersonRepository } from './modules/intake/application/ports/person.repository.js';
import { CallerRepository } from './modules/intake/application/ports/caller.repository.js';
import { GetAlertHandler } from './modules/intake/application/queries/get-alert/get-alert.handler.js';
import { ListMyAlertsHandler } from './modules/intake/application/queries/list-my-alerts/list-my-alerts.handler.js';
import { MyAlertsReader } from './modules/intake/application/ports/my-alerts.reader.js';
import { SqlMyAlertsReader } from './modules/intake/infrastructure/persistence/sql-my-alerts.reader.js';
import { SqlAlertRepository } from './modules/intake/infrastructure/persistence/sql-alert.repository.js';
import { SqlCaseIndexRepository } from './modules/intake/infrastructure/persistence/sql-case-index.repository.js';
import { SqlIdempotencyKeyRepository } from './modules/intake/infrastructure/persistence/sql-idempotency-key.repository.js';
import {
  reencryptCallers,
  SqlCallerRepository,
} from './modules/intake/infrastructure/persistence/sql-caller.repository.js';
import { SqlPersonRepository } from './modules/intake/infrastructure/persistence/sql-person.repository.js';
import { reencryptPersons } from './modules/intake/infrastructure/persistence/person-vault-encryption.js';
import { AlertsController } from './modules/intake/interface/http/alerts.controller.js';
import { InternalPersonsController } from './modules/intake/interface/http/internal-persons.controller.js';
import { InternalCaseAuditController } from './modules/intake/interface/http/internal-case-audit.controller.js';
import { AlertsCaseAuditService } from './modules/intake/interface/in-process/case-audit.service.js';
import { CaseAuditReader } from './modules/intake/application/ports/case-audit-reader.js';
import { ListCaseAuditHandler } from './modules/intake/application/queries/list-case-audit/list-case-audit.handler.js';
import { SqlCaseAuditReader } from './modules/intake/infrastructure/persistence/sql-case-audit-reader.js';
import { CaseStatusConsumer } from './modules/intake/interface/messaging/case-status.consumer.js';

/** Alerts service: intake of red-button alerts, idempotency, correlation, the identity vault. */
@Module({
  controllers: [AlertsController, InternalPersonsController, InternalCaseAuditController],
  providers: [
    {
      provide: FieldCipher,
      inject: [CONFIG],
      useFactory: (config: ConcertoConfig) => personVaultCipher(config),
    },
    {
      provide: ALERTS_DB,
      inject: [DATABASE_URL, FieldCipher, CONFIG, { token: MIGRATION_DATABASE_URL, optional: true }],
      useFactory: async (url: string, cipher: FieldCipher, config: ConcertoConfig, migrationUrl?: string | null) => {
        const converted = { rewritten: 0 };
        const ds = createServiceDataSource({
          url,
          schema: ALERTS_SCHEMA,
          entities: [],
          migrations: [
            CreateAlertsTables1763800000100,
            AddOutboxRelayLease1763800000120,
            AddMessagingRetentionIndex1763800000130,
            encryptPersonVaultMigration(cipher, converted),
            AuditLogRefusesTruncate1782000000100,
            oneCasePerPersonMigration(cipher, config.PSEUDONYM_SECRET ?? ''),
            AddAlertCallers1788000000000,
          ],
        });
        await initializeServiceDataSource(ds, ALERTS_SCHEMA, migrationUrl);
        // Key rotation: rows under a previous key are rewritten under the current one.
        const rewritten = converted.rewritten + (await reencryptPersons(ds, cipher));
        if (rewritten > 0) {
          await purgeOldRowVersions(ds, `"alerts"."persons"`);
        }
        if ((await reencryptCallers(ds, cipher)) > 0) {
          await purgeOldRowVersions(ds, `"alerts"."alert_callers"`);
        }
        return ds;
      },
    },
    {
      provide: PSEUDONYM_SECRET,
      inject: [CONFIG],
      useFactory: (config: ConcertoConfig) => {
        if (!config.PSEUDONYM_SECRET) {
          throw new ConfigError('PSEUDONYM_SECRET is required (at least 32 characters)');
        }
        return config.PSEUDONYM_SECRET;
      },
    },
    ...serviceMessagingProviders({ service: ALERTS_SERVICE, schema: ALERTS_SCHEMA, dataSourceToken: ALERTS_DB }),
    { provide: PersonRepository, useClass: SqlPersonRepository },
    { provide: CaseIndexRepository, useClass: SqlCaseIndexRepository },
    { provide: AlertRepository, useClass: SqlAlertRepository },
    { provide: IdempotencyKeyRepository, useClass: SqlIdempotencyKeyRepository },
    { provide: CallerRepository, useClass: SqlCallerRepository },
    { provide: PossibleMatchRepository, useClass: SqlPossibleMatchRepository },
    { provide: MyAlertsReader, useClass: SqlMyAlertsReader },
    { provide: CaseAuditReader, useClass: SqlCaseAuditReader },
    RaiseAlertHandler,
    VerifyPersonHandler,
    GetAlertHandler,
    ListMyAlertsHandler,
    ListCaseAuditHandler,
    PersonVaultService,
    AlertsCaseAuditService,
    CaseStatusConsumer,
    serviceLifecycle({ service: ALERTS_SERVICE, dataSource: ALERTS_DB, consumers: [CaseStatusConsumer] }),
  ],
  exports: [PersonVaultService],
})
export class AlertsServiceModule {}
