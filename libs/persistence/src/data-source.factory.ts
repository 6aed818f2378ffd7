import { DataSource, type MixedList } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';

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

/**
 * Creates the schema (so the migrations table can live in it), then runs pending migrations.
 *
 * With a `migrationUrl` naming another role than the application's (distributed mode: the
 * `MIGRATION_DATABASE_URL` of the service), the schema and the migrations run on a short-lived
 * connection of that role, which owns the schema (DDL), and the application role gets DML only
 * (see `grantApplicationRole`). Without one (embedded mode, one PGlite user), everything runs on
 * `ds` as before.
 */
export async function initializeServiceDataSource(
  ds: DataSource,
  schema: string,
  migrationUrl?: string | null,
): Promise<DataSource> {
  await ds.initialize();
  if (!migrationUrl) {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await ds.runMigrations({ transaction: 'each' });
    return ds;
  }
  const [{ role }] = await ds.query<Array<{ role: string }>>('SELECT current_user AS "role"');
  const migrator = new DataSource({
    ...(ds.options as PostgresDataSourceOptions),
    url: migrationUrl,
    extra: { max: 1, connectionTimeoutMillis: 5000 },
  });
  await migrator.initialize();
  try {
    const [{ migratorRole }] = await migrator.query<Array<{ migratorRole: string }>>(
      'SELECT current_user AS "migratorRole"',
    );
    await migrator.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await migrator.runMigrations({ transaction: 'each' });
    if (migratorRole !== role) {
      await grantApplicationRole(migrator, schema, role);
    }
  } finally {
    await migrator.destroy();
  }
  return ds;
}

/**
 * The application role's rights on its service's schema, applied by the migration role (the owner)
 * after every start's migrations, so a table a migration adds is covered at once: SELECT, INSERT,
 * UPDATE and DELETE on the tables (no TRUNCATE, REFERENCES or TRIGGER, and no DDL: it owns
 * nothing), sequences for the bigserial ids, and on the append-only tables (every `audit_log`, and
 * any table guarded by an `*_is_append_only` trigger) INSERT and SELECT only, so audit rows cannot
 * be altered even if the trigger were dropped. The migrations table is read-only to it.
 */
export async function grantApplicationRole(migrator: DataSource, schema: string, role: string): Promise<void> {
  const s = quoteIdent(schema);
  const r = quoteIdent(role);
  const appendOnly = await migrator.query<Array<{ table: string }>>(
    `SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
        AND (c.relname = 'audit_log' OR c.relname LIKE '%\\_audit\\_log' OR EXISTS (
          SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
           WHERE t.tgrelid = c.oid AND p.proname LIKE '%\\_is\\_append\\_only'))`,
    [schema],
  );
  const migrationsTable = (migrator.options as PostgresDataSourceOptions).migrationsTableName;
  const statements = [
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `REVOKE CREATE ON SCHEMA ${s} FROM ${r}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    ...appendOnly.map(({ table }) => `REVOKE UPDATE, DELETE ON ${s}.${quoteIdent(table)} FROM ${r}`),
    ...(migrationsTable ? [`REVOKE INSERT, UPDATE, DELETE ON ${s}.${quoteIdent(migrationsTable)} FROM ${r}`] : []),
  ];
  await migrator.transaction(async (manager) => {
    for (const sql of statements) {
      await manager.query(sql);
    }
  });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
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

/**
 * Connection string of the role that owns the services' schemas and runs their migrations
 * (distributed mode's `MIGRATION_DATABASE_URL`); absent when the application role migrates itself.
 */
export const MIGRATION_DATABASE_URL = Symbol('MIGRATION_DATABASE_URL');
