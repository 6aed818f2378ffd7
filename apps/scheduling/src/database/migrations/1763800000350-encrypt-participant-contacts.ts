import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { type FieldCipher } from '#concerto/persistence';
import { reencryptParticipants } from '../../modules/care-team/infrastructure/persistence/participant-encryption.js';

const S = 'scheduling';

/**
 * The care team's names and contact details encrypted at rest (AES-256-GCM, key outside the
 * database): the columns become text (ciphertext is longer than the values), `vault_key_id`
 * tells which key of the ring each row is under, and the rows written in clear by earlier
 * versions are encrypted in the same transaction (the service vacuums the table at start-up).
 * The module builds this class with the service's keyring.
 */
export function encryptParticipantContactsMigration(
  cipher: FieldCipher,
  report: { rewritten: number } = { rewritten: 0 },
): new () => MigrationInterface {
  return class EncryptParticipantContacts1763800000350 implements MigrationInterface {
    name = 'EncryptParticipantContacts1763800000350';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${S}"."participants"
        ALTER COLUMN "display_name" TYPE text,
        ALTER COLUMN "email" TYPE text,
        ALTER COLUMN "phone" TYPE text,
        ALTER COLUMN "postal_address" TYPE text,
        ADD COLUMN "vault_key_id" varchar(16)`);
      report.rewritten += await reencryptParticipants(q, cipher);
    }

    down(): Promise<void> {
      return Promise.reject(
        new Error('EncryptParticipantContacts1763800000350 cannot be reverted: it would store contacts in clear'),
      );
    }
  };
}
