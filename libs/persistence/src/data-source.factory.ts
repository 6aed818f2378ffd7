import { DataSource, type MixedList } from 'typeorm';

export interface ServiceDataSourceOptions {
  url: string;
  schema: string;
  entities: MixedList<new () => unknown>;
  migrations: MixedList<new () => unknown>;
  poolSize?: number;
}

/**
 * One DataSource per service, bound to the service's own schema. Migrations are explicit
 * and run at start-up; `synchronize` is never used.
 */
export function createServiceDataSource(opts: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: `${opts.schema}_migrations`,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    },
  });
}

/** Creates the schema (so the migrations table can live in it), then runs pending migrations. */
export async function initializeServiceDataSource(ds: DataSource, schema: string): Promise<DataSource> {
  await ds.initialize();
  await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/** A readiness probe for a service's database, and its close at shutdown (safe to call twice). */
export function databaseCheck(name: string, ds: DataSource): { name: string; check(): Promise<boolean> } {
  return { name, check: () => ds.query('SELECT 1').then(() => true) };
}

export async function closeServiceDataSource(ds: DataSource): Promise<void> {
  if (ds.isInitialized) {
    await ds.destroy();
  }
}

/** Connection string of the PostgreSQL server (embedded PGlite or a real cluster). */
export const DATABASE_URL = Symbol('DATABASE_URL');
