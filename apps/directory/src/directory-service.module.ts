import { Module } from '@nestjs/common';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import { SUBJECT_DIRECTORY_API } from '#concerto/contracts';
import {
  createServiceDataSource,
  DATABASE_URL,
  initializeServiceDataSource,
  MIGRATION_DATABASE_URL,
} from '#concerto/persistence';
import { serviceLifecycle } from '#concerto/platform';
import { CreateDirectoryTables1763800000000 } from './database/migrations/1763800000000-create-directory-tables.js';
import { SubjectsActiveAndAudit1781000000000 } from './database/migrations/1781000000000-subjects-active-and-audit.js';
import { ProfessionalPaging1784000000000 } from './database/migrations/1784000000000-professional-paging.js';
import { AuditLogRefusesTruncate1782000000000 } from './database/migrations/1782000000000-audit-log-refuses-truncate.js';
import { ReporterContacts1786000000100 } from './database/migrations/1786000000100-reporter-contacts.js';
import { AddR33DemoRoles1785000000000 } from './database/migrations/1785000000000-add-r33-demo-roles.js';
import { OrganisationContacts1800000000300 } from './database/migrations/1800000000300-organisation-contacts.js';
import { BassinOptions1788000000000 } from './database/migrations/1788000000000-bassin-options.js';
import { DIRECTORY_DB, DIRECTORY_SCHEMA } from './directory.tokens.js';
import { DirectoryReadService } from './modules/territory/application/directory-read.service.js';
import { ProfessionalRepository } from './modules/territory/application/ports/professional.repository.js';
import { TerritoryRepository } from './modules/territory/application/ports/territory.repository.js';
import { loadReferenceDataIfEmpty } from './modules/territory/infrastructure/persistence/reference-data.loader.js';
import { SqlProfessionalRepository } from './modules/territory/infrastructure/persistence/sql-professional.repository.js';
import { SqlTerritoryRepository } from './modules/territory/infrastructure/persistence/sql-territory.repository.js';
import { SubjectRegistry } from './modules/territory/application/subject-registry.port.js';
import { SqlSubjectRegistry } from './modules/territory/infrastructure/sql-subject-registry.js';
import { BassinsController } from './modules/territory/interface/http/bassins.controller.js';
import { InternalDirectoryController } from './modules/territory/interface/http/internal-directory.controller.js';
import { DutyController } from './modules/territory/interface/http/duty.controller.js';
import { SetOwnDutyHandler } from './modules/territory/application/commands/set-own-duty/set-own-duty.handler.js';
import { DutyRegister } from './modules/territory/application/ports/duty-register.js';
import { SqlDutyRegister } from './modules/territory/infrastructure/persistence/sql-duty-register.js';

/** Directory service: bassins, postal codes, organisations, professionals, who is on duty. */
@Module({
  controllers: [BassinsController, InternalDirectoryController, DutyController],
  providers: [
    {
      provide: DIRECTORY_DB,
      inject: [DATABASE_URL, CONFIG, { token: MIGRATION_DATABASE_URL, optional: true }],
      useFactory: async (url: string, config: ConcertoConfig, migrationUrl?: string | null) => {
        const ds = createServiceDataSource({
          url,
          schema: DIRECTORY_SCHEMA,
          entities: [],
          migrations: [
            CreateDirectoryTables1763800000000,
            SubjectsActiveAndAudit1781000000000,
            AuditLogRefusesTruncate1782000000000,
            ProfessionalPaging1784000000000,
            AddR33DemoRoles1785000000000,
            ReporterContacts1786000000100,
            BassinOptions1788000000000,
            OrganisationContacts1800000000300,
          ],
          poolSize: 5,
        });
        await initializeServiceDataSource(ds, DIRECTORY_SCHEMA, migrationUrl);
        await loadReferenceDataIfEmpty(ds, config.TERRITORY_FILE, config.DIRECTORY_SEED_FILE);
        return ds;
      },
    },
    { provide: TerritoryRepository, useClass: SqlTerritoryRepository },
    { provide: ProfessionalRepository, useClass: SqlProfessionalRepository },
    DirectoryReadService,
    { provide: DutyRegister, useClass: SqlDutyRegister },
    SetOwnDutyHandler,
    { provide: SubjectRegistry, useClass: SqlSubjectRegistry },
    // The subject guard of this process (embedded: of the whole engine) finds it here.
    { provide: SUBJECT_DIRECTORY_API, useExisting: SubjectRegistry },
    serviceLifecycle({ service: 'directory', dataSource: DIRECTORY_DB, messaging: false }),
  ],
  exports: [DirectoryReadService, SUBJECT_DIRECTORY_API],
})
export class DirectoryServiceModule {}
