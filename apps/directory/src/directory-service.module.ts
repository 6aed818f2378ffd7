import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, ConcertoConfig } from '#concerto/config';
import { SUBJECT_DIRECTORY_API } from '#concerto/contracts';
import { ReadinessRegistry } from '#concerto/http';
import { closeServiceDataSource, createServiceDataSource, DATABASE_URL, databaseCheck, initializeServiceDataSource } from '#concerto/persistence';
import { CreateDirectoryTables1763800000000 } from './database/migrations/1763800000000-create-directory-tables.js';
import { SubjectsActiveAndAudit1781000000000 } from './database/migrations/1781000000000-subjects-active-and-audit.js';
import { DIRECTORY_DB, DIRECTORY_SCHEMA } from './directory.tokens.js';
import { DirectoryReadService } from './modules/territory/application/directory-read.service.js';
import { SubjectRegistry } from './modules/territory/application/subject-registry.port.js';
import { SqlSubjectRegistry } from './modules/territory/infrastructure/sql-subject-registry.js';
import { loadReferenceDataIfEmpty } from './modules/territory/infrastructure/reference-data.loader.js';
import { BassinsController } from './modules/territory/interface/http/bassins.controller.js';
import { InternalDirectoryController } from './modules/territory/interface/http/internal-directory.controller.js';

/** Directory service: bassins, postal codes, organisations, professionals, who is on duty. */
@Module({
  controllers: [BassinsController, InternalDirectoryController],
  providers: [
    {
      provide: DIRECTORY_DB,
      inject: [DATABASE_URL, CONFIG],
      useFactory: async (url: string, config: ConcertoConfig) => {
        const ds = createServiceDataSource({
          url,
          schema: DIRECTORY_SCHEMA,
          entities: [],
          migrations: [CreateDirectoryTables1763800000000, SubjectsActiveAndAudit1781000000000],
          poolSize: 5,
        });
        await initializeServiceDataSource(ds, DIRECTORY_SCHEMA);
        await loadReferenceDataIfEmpty(ds, config.TERRITORY_FILE, config.DIRECTORY_SEED_FILE);
        return ds;
      },
    },
    DirectoryReadService,
    { provide: SubjectRegistry, useClass: SqlSubjectRegistry },
    // The subject guard of this process (embedded: of the whole engine) finds it here.
    { provide: SUBJECT_DIRECTORY_API, useExisting: SubjectRegistry },
  ],
  exports: [DirectoryReadService, SUBJECT_DIRECTORY_API],
})
export class DirectoryServiceModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DIRECTORY_DB) private readonly ds: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register(databaseCheck('directory-db', this.ds));
  }

  async onApplicationShutdown(): Promise<void> {
    await closeServiceDataSource(this.ds);
  }
}
