import type { DataSource } from 'typeorm';
import { createServiceDataSource, initializeServiceDataSource } from '#concerto/persistence';
import { CreateBrowserSessions1798000000000 } from './migrations/1798000000000-create-browser-sessions.js';
import { SessionStore } from './session-store.js';

export const BFF_SCHEMA = 'bff';
/** Expired rows are deleted at most this often, on a write (no timer to stop). */
const PRUNE_EVERY_MS = 60_000;

/**
 * The embedded engine's sessions, in its own PostgreSQL (PGlite): they survive a restart on the same
 * data directory. Keys arrive hashed (`storeKey`); a row past its expiry is never answered and is
 * deleted by the next pruning write.
 */
export class PostgresSessionStore extends SessionStore {
  private lastPrune = 0;

  private constructor(
    private readonly ds: DataSource,
    private readonly now: () => number,
  ) {
    super();
  }

  static async open(url: string, now: () => number = Date.now): Promise<PostgresSessionStore> {
    const ds = createServiceDataSource({
      url,
      schema: BFF_SCHEMA,
      entities: [],
      migrations: [CreateBrowserSessions1798000000000],
      poolSize: 2,
    });
    await initializeServiceDataSource(ds, BFF_SCHEMA);
    return new PostgresSessionStore(ds, now);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const rows = await this.ds.query<Array<{ value: T }>>(
      `SELECT "value" FROM "bff"."browser_sessions" WHERE "key" = $1 AND "expires_at" > $2`,
      [key, this.now()],
    );
    return rows[0]?.value;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const now = this.now();
    await this.ds.query(
      `INSERT INTO "bff"."browser_sessions" ("key", "value", "expires_at") VALUES ($1, $2::jsonb, $3)
       ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "expires_at" = EXCLUDED."expires_at"`,
      [key, JSON.stringify(value), now + Math.max(1, Math.round(ttlMs))],
    );
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.prune();
    }
  }

  async delete(key: string): Promise<void> {
    await this.ds.query(`DELETE FROM "bff"."browser_sessions" WHERE "key" = $1`, [key]);
  }

  /** Deletes the rows past their expiry; answers how many. */
  async prune(): Promise<number> {
    const result = await this.ds.query<[unknown[], number]>(
      `DELETE FROM "bff"."browser_sessions" WHERE "expires_at" <= $1`,
      [this.now()],
    );
    return Array.isArray(result) ? (result[1] ?? 0) : 0;
  }

  override async close(): Promise<void> {
    if (this.ds.isInitialized) {
      await this.ds.destroy();
    }
  }
}
