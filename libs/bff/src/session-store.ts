import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Where browser sessions (and sign-ins in progress) live: server-side, so the browser only ever
 * holds an opaque id. Keys are hashed before they reach the store: a copy of the store (a Redis
 * dump, a heap snapshot) holds no usable cookie value.
 */
export abstract class SessionStore {
  abstract get<T>(key: string): Promise<T | undefined>;
  /** Stores the value for ttlMs (after which get answers undefined). */
  abstract set(key: string, value: unknown, ttlMs: number): Promise<void>;
  abstract delete(key: string): Promise<void>;
  async close(): Promise<void> {}
}

export function storeKey(kind: 'session' | 'login', id: string): string {
  return `concerto:bff:${kind}:${createHash('sha256').update(id).digest('base64url')}`;
}

/** One process (the embedded engine, or a single gateway in development): sessions end with the process. */
export class MemorySessionStore extends SessionStore {
  private readonly entries = new Map<string, { json: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) {
      return Promise.resolve(undefined);
    }
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(JSON.parse(entry.json) as T);
  }

  set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const now = this.now();
    if (this.entries.size >= 10_000) {
      for (const [k, e] of this.entries) {
        if (e.expiresAt <= now) {
          this.entries.delete(k);
        }
      }
    }
    this.entries.set(key, { json: JSON.stringify(value), expiresAt: now + ttlMs });
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }
}

/** Several gateway replicas share their sessions through Redis (REDIS_URL); Redis expires them itself. */
export class RedisSessionStore extends SessionStore {
  private readonly redis: Redis;

  constructor(url: string) {
    super();
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    // Connection errors surface on each call (a 503 there); the client reconnects on its own.
    this.redis.on('error', () => undefined);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const json = await this.redis.get(key);
    return json ? (JSON.parse(json) as T) : undefined;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.redis.set(key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  override async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
