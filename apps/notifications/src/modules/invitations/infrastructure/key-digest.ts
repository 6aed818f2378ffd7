import { createHash } from 'node:crypto';

/** A short, opaque, stable token derived from an idempotency key (for Message-IDs and file names). */
export function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
