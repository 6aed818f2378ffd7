import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { type FieldCipher } from '#concerto/persistence';
import { reencryptPersons } from '../../modules/intake/infrastructure/persistence/person-vault-encryption.js';

const S = 'alerts';

/**
 * The identity vault encrypted at rest (AES-256-GCM, key outside the database): the identifying
 * columns become text (ciphertext is longer than the values, and a date column cannot hold one),
 * `vault_key_id` tells which key of the ring each row is under, and the rows written in clear by
 * earlier versions are encrypted in the same transaction. The service then vacuums the table at
 * start-up (VACUUM cannot run in a transaction), so the old clear row versions leave its files.
 *
 * A migration needs the key, which lives outside the database: the module builds this class with
 * the service's keyring.
 */
export function encryptPersonVaultMigration(
  cipher: FieldCipher,
  report: { rewritten: number } = { rewritten: 0 },
): new () => MigrationInterface {
  return class EncryptPersonVault1763800000140 implements MigrationInterface {
    name = 'EncryptPersonVault1763800000140';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${S}"."persons"
        ALTER COLUMN "given_name" TYPE text,
        ALTER COLUMN "family_name" TYPE text,
        ALTER COLUMN "birth_date" TYPE text USING to_char("birth_date", 'YYYY-MM-DD'),
        ALTER COLUMN "national_number" TYPE text,
        ALTER COLUMN "postal_code" TYPE text,
        ADD COLUMN "vault_key_id" varchar(16)`);
      report.rewritten += await reencryptPersons(q, cipher);
    }

    down(): Promise<void> {
      // Decryption needs the key; going back would write identities in clear again. Refused.
      return Promise.reject(
        new Error('EncryptPersonVault1763800000140 cannot be reverted: it would store identities in clear'),
      );
    }
  };
}
