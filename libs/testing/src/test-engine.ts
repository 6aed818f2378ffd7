import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { ConcertoConfig, loadConfig } from '#concerto/config';
import type { Clock } from '#concerto/ddd';
import { createEmbeddedEngine, type EmbeddedEngine } from '../../../apps/embedded/src/embedded-app.js';

export interface TestEngine {
  engine: EmbeddedEngine;
  dataDir: string;
  http: () => ReturnType<typeof request>;
  token(userId: string, overrides?: Partial<{ roles: string[]; bassins: string[] }>): Promise<string>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Stops the engine but keeps its data directory (for restart tests). */
  stop(): Promise<void>;
  /** Stops the engine and deletes its data directory. */
  close(): Promise<void>;
}

const DEMO_USERS: Record<string, { roles: string[]; bassins?: string[] }> = {
  'pro-pharmacist': { roles: ['professional'] },
  'pro-home-nurse': { roles: ['professional'] },
  'pro-social-worker': { roles: ['professional'] },
  'pro-gp': { roles: ['professional'] },
  admin: { roles: ['admin'] },
};
for (const b of ['nord', 'nord-est', 'centre-ouest', 'sud', 'sud-est']) {
  DEMO_USERS[`coord-${b}`] = { roles: ['coordinator'], bassins: [b] };
  DEMO_USERS[`backup-${b}`] = { roles: ['coordinator'], bassins: [b] };
  DEMO_USERS[`lead-${b}`] = { roles: ['coordinator', 'bassin-lead'], bassins: [b] };
}

/**
 * Boots the embedded engine on a fresh (or given) data directory with fast polling, for
 * end-to-end tests through supertest.
 */
export async function startTestEngine(
  opts: {
    dataDir?: string;
    clock?: Clock;
    /** The wall clock of browser sessions (idle and absolute expiry); default the system's. */
    sessionClock?: Clock;
    config?: Partial<Record<keyof ConcertoConfig, string>>;
  } = {},
): Promise<TestEngine> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'concerto-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    TIMER_SWEEP_INTERVAL_MS: '100',
    OUTBOX_POLL_INTERVAL_MS: '50',
    CONSUMER_RETRY_BACKOFF_MS: '10',
    // Tests read what the engine sent through GET /v1/dev/mailbox; DEV_MAILBOX: '' means unset (off).
    DEV_MAILBOX: 'true',
    ...opts.config,
  });
  const engine = await createEmbeddedEngine(config, opts.clock, { sessionClock: opts.sessionClock });
  const pool = new pg.Pool({ connectionString: engine.postgres.url, max: 1 });
  const server = engine.app.getHttpServer() as App;
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      await pool.end();
      await engine.close();
    }
  };
  return {
    engine,
    dataDir,
    http: () => request(server),
    token: (userId, overrides) => {
      const user = DEMO_USERS[userId] ?? { roles: ['professional'] };
      return engine.identityProvider.issue({
        id: userId,
        displayName: userId,
        roles: overrides?.roles ?? user.roles,
        bassins: overrides?.bassins ?? user.bassins,
      });
    },
    sql: async (text, params) => (await pool.query(text, params)).rows,
    stop,
    close: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
