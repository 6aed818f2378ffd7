import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { type FieldCipher } from '#concerto/persistence';
import { reencryptRecords } from '../../modules/follow-up/infrastructure/persistence/record-encryption.js';

const S = 'scheduling';

/**
 * The person's wishes and the decisions of a concertation record are personal data: sealed at
 * rest under the personal-data keyring, like the care team's contacts (AES-256-GCM, key outside
 * the database). Both the live record and its previous versions get a `personal` column
 * (ciphertext) and `vault_key_id`; the rows written in clear by earlier versions are moved into
 * it in the same transaction. The module builds this class with the service's keyring.
 */
export function sealRecordWishesAndDecisionsMigration(
  cipher: FieldCipher,
  report: { rewritten: number } = { rewritten: 0 },
): new () => MigrationInterface {
  return class SealRecordWishesAndDecisions1800000000000 implements MigrationInterface {
    name = 'SealRecordWishesAndDecisions1800000000000';

    async up(q: QueryRunner): Promise<void> {
      for (const table of ['concertation_records', 'concertation_record_versions']) {
        await q.query(
          `ALTER TABLE "${S}"."${table}" ADD COLUMN "personal" text, ADD COLUMN "vault_key_id" varchar(16)`,
        );
      }
      report.rewritten += await reencryptRecords(q, cipher);
    }

    down(): Promise<void> {
      return Promise.reject(
        new Error('SealRecordWishesAndDecisions1800000000000 cannot be reverted: it would store wishes in clear'),
      );
    }
  };
}
