import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs raw SQL and returns its rows whatever the statement: TypeORM's postgres driver returns
 * `[rows, rowCount]` for UPDATE/DELETE and plain rows otherwise.
 */
export async function queryRows<T = Record<string, unknown>>(
  runner: DataSource | EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const raw: unknown = await runner.query(sql, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return raw[0] as T[];
  }
  return (raw ?? []) as T[];
}
