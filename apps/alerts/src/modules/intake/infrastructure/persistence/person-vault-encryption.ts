import { type FieldCipher } from '#concerto/persistence';

/** The identity vault's encrypted columns (everything that identifies the person). */
export const ENCRYPTED_PERSON_COLUMNS = [
  'given_name',
  'family_name',
  'birth_date',
  'national_number',
  'postal_code',
] as const;
export type EncryptedPersonColumn = (typeof ENCRYPTED_PERSON_COLUMNS)[number];

/** Associated data of one field: a value copied into another column or another person does not decrypt. */
export function personFieldContext(personRef: string, column: EncryptedPersonColumn): string {
  return `alerts.persons.${column}/${personRef}`;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

type StoredPerson = { person_ref: string; vault_key_id: string | null } & Record<EncryptedPersonColumn, string | null>;

const BATCH = 200;

/**
 * Rewrites every person not yet under the current key: rows in clear (vault_key_id NULL, written
 * before the vault was encrypted) and rows under a previous key of the ring (after a rotation).
 * Runs in the migration that introduced the encryption and at every start-up, so a rotation
 * only needs a restart with the new key current and the old one in the previous keys.
 * Returns the number of rows rewritten.
 */
export async function reencryptPersons(db: Queryable, cipher: FieldCipher): Promise<number> {
  let rewritten = 0;
  for (;;) {
    const rows = (await db.query(
      `SELECT "person_ref","vault_key_id",${ENCRYPTED_PERSON_COLUMNS.map((c) => `"${c}"`).join(',')}
         FROM "alerts"."persons" WHERE "vault_key_id" IS DISTINCT FROM $1 ORDER BY "person_ref" LIMIT ${BATCH}`,
      [cipher.currentKeyId],
    )) as StoredPerson[];
    if (rows.length === 0) {
      return rewritten;
    }
    for (const row of rows) {
      const values = ENCRYPTED_PERSON_COLUMNS.map((column) => {
        const stored = row[column];
        if (stored === null) {
          return null;
        }
        const context = personFieldContext(row.person_ref, column);
        const plain = row.vault_key_id === null ? stored : cipher.decrypt(stored, context);
        return cipher.encrypt(plain, context);
      });
      await db.query(
        `UPDATE "alerts"."persons" SET ${ENCRYPTED_PERSON_COLUMNS.map((c, i) => `"${c}"=$${i + 2}`).join(',')},
           "vault_key_id"=$${ENCRYPTED_PERSON_COLUMNS.length + 2} WHERE "person_ref"=$1`,
        [row.person_ref, ...values, cipher.currentKeyId],
      );
    }
    rewritten += rows.length;
  }
}
