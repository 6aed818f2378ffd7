import { createHmac } from 'node:crypto';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { type FieldCipher } from '#concerto/persistence';
import { nameBirthDateKey } from '../../modules/intake/domain/person-correlation.js';
import { blockingKeysFor } from '../../modules/intake/domain/person-matching.js';
import { personFieldContext } from '../../modules/intake/infrastructure/persistence/person-vault-encryption.js';

const S = 'alerts';
const BATCH = 200;

/**
 * One case per person (issue 15).
 *
 * - `person_blocking_keys`: keyed hashes of coarse keys (birth date, phone, unordered name) that
 *   bring possible matches together; no name, date or number in clear.
 * - `possible_matches`: a proposal that two persons (and their cases) are one, with reasons as
 *   codes and its state; a coordinator confirms or rejects it.
 * - `case_index.merged_into`: a merged case's later alerts join the survivor.
 * - Every recorded person gets the name + birth date joining key and the blocking keys, computed
 *   from the vault (decrypted here, with the service's keyring and pseudonym secret, which is why
 *   the module builds this class), so that an alert without a postal code finds a person
 *   recorded with one.
 */
export function oneCasePerPersonMigration(cipher: FieldCipher, secret: string): new () => MigrationInterface {
  return class OneCasePerPerson1787000000100 implements MigrationInterface {
    name = 'OneCasePerPerson1787000000100';

    async up(q: QueryRunner): Promise<void> {
      if (!secret) {
        // Keys hashed under an empty secret would never be found again.
        throw new Error('OneCasePerPerson1787000000100 needs PSEUDONYM_SECRET');
      }
      await q.query(`CREATE TABLE "${S}"."person_blocking_keys" (
        "key_hash" char(64) NOT NULL,
        "kind" varchar(20) NOT NULL,
        "person_ref" uuid NOT NULL REFERENCES "${S}"."persons"("person_ref"),
        PRIMARY KEY ("key_hash","person_ref")
      )`);
      await q.query(`CREATE TABLE "${S}"."possible_matches" (
        "match_id" uuid PRIMARY KEY,
        "person_ref" uuid NOT NULL,
        "case_id" uuid NOT NULL,
        "other_person_ref" uuid NOT NULL,
        "other_case_id" uuid NOT NULL,
        "reasons" text NOT NULL,
        "state" varchar(16) NOT NULL DEFAULT 'proposed',
        "created_at" timestamptz NOT NULL,
        "decided_by" varchar(64),
        "decided_at" timestamptz,
        UNIQUE ("person_ref","other_person_ref")
      )`);
      // A merged case's later alerts go to the case it was merged into (cleared again by a split).
      await q.query(`ALTER TABLE "${S}"."case_index" ADD COLUMN "merged_into" uuid`);
      await q.query(`CREATE INDEX "possible_matches_case" ON "${S}"."possible_matches" ("case_id")`);
      await q.query(`CREATE INDEX "possible_matches_other_case" ON "${S}"."possible_matches" ("other_case_id")`);
      const hash = (material: string) => createHmac('sha256', secret).update(material).digest('hex');
      for (let offset = 0; ; offset += BATCH) {
        const rows = (await q.query(
          `SELECT "person_ref","given_name","family_name","birth_date","vault_key_id" FROM "${S}"."persons"
            ORDER BY "person_ref" LIMIT ${BATCH} OFFSET ${offset}`,
        )) as {
          person_ref: string;
          given_name: string;
          family_name: string;
          birth_date: string | null;
          vault_key_id: string | null;
        }[];
        if (rows.length === 0) {
          return;
        }
        for (const row of rows) {
          const open = (column: 'given_name' | 'family_name' | 'birth_date', stored: string | null) =>
            stored === null || row.vault_key_id === null
              ? (stored ?? undefined)
              : cipher.decrypt(stored, personFieldContext(row.person_ref, column));
          const givenName = open('given_name', row.given_name) ?? '';
          const familyName = open('family_name', row.family_name) ?? '';
          const birthDate = open('birth_date', row.birth_date);
          if (birthDate) {
            const key = nameBirthDateKey(givenName, familyName, birthDate);
            // A namesake born the same day recorded twice before: the first keeps the key, a coordinator merges.
            await q.query(
              `INSERT INTO "${S}"."person_keys" ("key_hash","strength","person_ref") VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
              [hash(key.material), key.strength, row.person_ref],
            );
          }
          for (const key of blockingKeysFor({ givenName, familyName, birthDate })) {
            await q.query(
              `INSERT INTO "${S}"."person_blocking_keys" ("key_hash","kind","person_ref") VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
              [hash(key.material), key.kind, row.person_ref],
            );
          }
        }
      }
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${S}"."case_index" DROP COLUMN "merged_into"`);
      await q.query(`DROP TABLE "${S}"."possible_matches"`);
      await q.query(`DROP TABLE "${S}"."person_blocking_keys"`);
      await q.query(`DELETE FROM "${S}"."person_keys" WHERE "strength" = 'name-birth-date'`);
    }
  };
}
