import { type FieldCipher } from '#concerto/persistence';

/** The care team's encrypted columns: who the participant is and how to reach them. */
export const ENCRYPTED_PARTICIPANT_COLUMNS = ['display_name', 'email', 'phone', 'postal_address'] as const;
export type EncryptedParticipantColumn = (typeof ENCRYPTED_PARTICIPANT_COLUMNS)[number];

/** Associated data of one field: a value copied into another column or participant does not decrypt. */
export function participantFieldContext(participantId: string, column: EncryptedParticipantColumn): string {
  return `scheduling.participants.${column}/${participantId}`;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

type StoredParticipant = { id: string; vault_key_id: string | null } & Record<
  EncryptedParticipantColumn,
  string | null
>;

const BATCH = 200;

/**
 * Rewrites every participant not yet under the current key (in clear from before the
 * encryption, or under a previous key after a rotation). Runs in the migration that introduced
 * the encryption and at every start-up. Returns the number of rows rewritten.
 */
export async function reencryptParticipants(db: Queryable, cipher: FieldCipher): Promise<number> {
  let rewritten = 0;
  for (;;) {
    const rows = (await db.query(
      `SELECT "id","vault_key_id",${ENCRYPTED_PARTICIPANT_COLUMNS.map((c) => `"${c}"`).join(',')}
         FROM "scheduling"."participants" WHERE "vault_key_id" IS DISTINCT FROM $1 ORDER BY "id" LIMIT ${BATCH}`,
      [cipher.currentKeyId],
    )) as StoredParticipant[];
    if (rows.length === 0) {
      return rewritten;
    }
    for (const row of rows) {
      const values = ENCRYPTED_PARTICIPANT_COLUMNS.map((column) => {
        const stored = row[column];
        if (stored === null) {
          return null;
        }
        const context = participantFieldContext(row.id, column);
        return cipher.encrypt(row.vault_key_id === null ? stored : cipher.decrypt(stored, context), context);
      });
      await db.query(
        `UPDATE "scheduling"."participants" SET ${ENCRYPTED_PARTICIPANT_COLUMNS.map((c, i) => `"${c}"=$${i + 2}`).join(',')},
           "vault_key_id"=$${ENCRYPTED_PARTICIPANT_COLUMNS.length + 2} WHERE "id"=$1`,
        [row.id, ...values, cipher.currentKeyId],
      );
    }
    rewritten += rows.length;
  }
}
