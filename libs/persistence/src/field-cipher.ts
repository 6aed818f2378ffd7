import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const PREFIX = 'fc1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class FieldCipherError extends Error {}

/** Decodes one key given as base64 (32 bytes once decoded); throws on anything else. */
export function parseFieldKey(text: string, what = 'key'): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new FieldCipherError(`${what} must be ${KEY_BYTES} random bytes in base64 (e.g. openssl rand -base64 32)`);
  }
  return key;
}

/** A new random key in the form parseFieldKey reads. */
export function newFieldKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * Column-level encryption of personal data (AES-256-GCM) under a keyring: the current key
 * encrypts, every key of the ring decrypts. Each value carries the id of its key
 * (`fc1.<keyId>.<iv>.<ciphertext+tag>`), so rows written under a previous key stay readable
 * after a rotation until they are rewritten. The key id is derived from the key itself, so no
 * one has to number keys. `context` is bound as associated data (e.g. table, column and row
 * id): a value copied into another column or row does not decrypt.
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    this.currentKeyId = FieldCipher.keyIdOf(current);
    this.keys.set(this.currentKeyId, current);
    for (const key of previous) {
      const id = FieldCipher.keyIdOf(key);
      if (!this.keys.has(id)) {
        this.keys.set(id, key);
      }
    }
  }

  /** The public, stable id of a key: the first 8 bytes of a hash of it (reveals nothing usable). */
  static keyIdOf(key: Buffer): string {
    if (key.length !== KEY_BYTES) {
      throw new FieldCipherError(`a field key is ${KEY_BYTES} bytes`);
    }
    return createHash('sha256').update('concerto-field-key-id\0').update(key).digest('hex').slice(0, 16);
  }

  /** Ids of every key of the ring, the current one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}.${this.currentKeyId}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  encryptOptional(plain: string | null | undefined, context: string): string | null {
    return plain === null || plain === undefined ? null : this.encrypt(plain, context);
  }

  decrypt(stored: string, context: string): string {
    const parts = stored.split('.');
    if (parts.length !== 4 || parts[0] !== PREFIX) {
      throw new FieldCipherError('not an encrypted field');
    }
    const key = this.keys.get(parts[1]);
    if (!key) {
      throw new FieldCipherError(`field encrypted under key ${parts[1]}, which is not in the keyring`);
    }
    const iv = Buffer.from(parts[2], 'base64url');
    const body = Buffer.from(parts[3], 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
      throw new FieldCipherError('malformed encrypted field');
    }
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }

  decryptOptional(stored: string | null | undefined, context: string): string | undefined {
    return stored === null || stored === undefined ? undefined : this.decrypt(stored, context);
  }

  /** The key id a stored value was encrypted under, or undefined for a value in clear. */
  static keyIdOfValue(stored: string): string | undefined {
    const parts = stored.split('.');
    return parts.length === 4 && parts[0] === PREFIX ? parts[1] : undefined;
  }
}

export interface FieldKeySettings {
  /** The current key, base64. */
  key?: string;
  /** A file holding the current key (a mounted secret); used when `key` is absent. */
  keyFile?: string;
  /** Previous keys, base64, comma- or newline-separated: still decrypt, never encrypt. */
  previousKeys?: string;
  /** A file holding previous keys, one a line. */
  previousKeysFile?: string;
}

/** The keyring from settings, or undefined when no current key is given (the caller decides if that is fatal). */
export function fieldCipherFromSettings(
  s: FieldKeySettings,
  readFile: (path: string) => string,
  name = 'PERSON_VAULT_KEY',
): FieldCipher | undefined {
  const currentText = s.key ?? (s.keyFile ? readFile(s.keyFile) : undefined);
  if (currentText === undefined) {
    return undefined;
  }
  const current = parseFieldKey(currentText, name);
  const previousText = [s.previousKeys ?? '', s.previousKeysFile ? readFile(s.previousKeysFile) : ''].join('\n');
  const previous = previousText
    .split(/[\s,]+/)
    .filter((k) => k.length > 0)
    .map((k) => parseFieldKey(k, `${name} (a previous key)`));
  return new FieldCipher(current, previous);
}

/** The configuration a service reads its personal-data keyring from (a subset of ConcertoConfig). */
export interface PersonVaultKeyConfig {
  PERSON_VAULT_KEY?: string;
  PERSON_VAULT_KEY_FILE?: string;
  PERSON_VAULT_PREVIOUS_KEYS?: string;
  PERSON_VAULT_PREVIOUS_KEYS_FILE?: string;
}

/**
 * The keyring of the personal data at rest. Without a key the service refuses to start: it
 * would otherwise write identities in clear (the embedded mode always provides one, from
 * DATA_DIR/secrets/vault.key).
 */
export function personVaultCipher(config: PersonVaultKeyConfig): FieldCipher {
  const cipher = fieldCipherFromSettings(
    {
      key: config.PERSON_VAULT_KEY,
      keyFile: config.PERSON_VAULT_KEY_FILE,
      previousKeys: config.PERSON_VAULT_PREVIOUS_KEYS,
      previousKeysFile: config.PERSON_VAULT_PREVIOUS_KEYS_FILE,
    },
    (path) => readFileSync(path, 'utf8'),
  );
  if (!cipher) {
    throw new FieldCipherError(
      'PERSON_VAULT_KEY (or PERSON_VAULT_KEY_FILE) is required: 32 random bytes in base64, e.g. openssl rand -base64 32',
    );
  }
  return cipher;
}

/**
 * After rows were rewritten (encrypted, or moved to a new key): VACUUM FULL writes the table
 * anew so the old row versions (in clear, or under the retired key) leave its files, and a
 * checkpoint lets the write-ahead log that still holds them be recycled. Best effort: a role
 * that does not own the table, or may not checkpoint, leaves that to the database's own
 * vacuum and checkpoints, and the rows themselves are already rewritten.
 */
export async function purgeOldRowVersions(
  db: { query(sql: string): Promise<unknown> },
  table: string,
  warn: (message: string) => void = () => undefined,
): Promise<void> {
  for (const sql of [`VACUUM FULL ${table}`, 'CHECKPOINT']) {
    await db.query(sql).catch((error: unknown) => warn(`${sql}: ${(error as Error).message}`));
  }
}
