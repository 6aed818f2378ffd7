import { FieldCipher } from '#concerto/persistence';

/** The tables holding a record's personal content: the live record and its previous versions. */
export const SEALED_RECORD_TABLES = ['concertation_records', 'concertation_record_versions'] as const;
export type SealedRecordTable = (typeof SEALED_RECORD_TABLES)[number];

/** What is sealed: the person's wishes and the decisions (personal data, R13), never the ids around them. */
export interface SealedRecordContent {
  wishes: string[];
  decisions: string[];
}

/**
 * Associated data of one version's sealed content: the live row and its copy in the versions
 * table are the same version, so they share it; a value pasted onto another record or version
 * does not decrypt.
 */
export function recordContentContext(recordId: string, version: number): string {
  return `scheduling.concertation_records.personal/${recordId}/v${version}`;
}

export function sealRecordContent(
  cipher: FieldCipher,
  recordId: string,
  version: number,
  content: SealedRecordContent,
): string {
  return cipher.encrypt(
    JSON.stringify({ wishes: content.wishes, decisions: content.decisions }),
    recordContentContext(recordId, version),
  );
}

export function openRecordContent(
  cipher: FieldCipher,
  recordId: string,
  version: number,
  sealed: string | null,
): SealedRecordContent {
  if (!sealed) {
    return { wishes: [], decisions: [] };
  }
  const parsed = JSON.parse(cipher.decrypt(sealed, recordContentContext(recordId, version))) as SealedRecordContent;
  return { wishes: parsed.wishes ?? [], decisions: parsed.decisions ?? [] };
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

interface StoredRow {
  id: string;
  version: number;
  content: Record<string, unknown> | string;
  personal: string | null;
  vault_key_id: string | null;
}

const BATCH = 200;

/**
 * Rewrites every record row not yet under the current key: wishes and decisions still in clear in
 * the JSON content (written before the sealing) are moved into the sealed column, and a row under
 * a previous key (after a rotation) is sealed again. Runs in the migration that introduced the
 * sealing and at every start-up. Returns the number of rows rewritten.
 */
export async function reencryptRecords(db: Queryable, cipher: FieldCipher): Promise<number> {
  let rewritten = 0;
  for (const table of SEALED_RECORD_TABLES) {
    const id = table === 'concertation_records' ? '"id"' : '"record_id"';
    for (;;) {
      const rows = (await db.query(
        `SELECT ${id} AS "id","version","content","personal","vault_key_id" FROM "scheduling"."${table}"
          WHERE "vault_key_id" IS DISTINCT FROM $1 ORDER BY ${id}, "version" LIMIT ${BATCH}`,
        [cipher.currentKeyId],
      )) as StoredRow[];
      if (rows.length === 0) {
        break;
      }
      for (const row of rows) {
        const content = (typeof row.content === 'string' ? JSON.parse(row.content) : row.content) as Record<
          string,
          unknown
        >;
        const personal =
          row.personal !== null
            ? openRecordContent(cipher, row.id, row.version, row.personal)
            : {
                wishes: (content.wishes as string[] | undefined) ?? [],
                decisions: (content.decisions as string[] | undefined) ?? [],
              };
        const { wishes: _w, decisions: _d, ...rest } = content;
        await db.query(
          `UPDATE "scheduling"."${table}" SET "content" = $3, "personal" = $4, "vault_key_id" = $5
            WHERE ${id} = $1 AND "version" = $2`,
          [
            row.id,
            row.version,
            JSON.stringify(rest),
            sealRecordContent(cipher, row.id, row.version, personal),
            cipher.currentKeyId,
          ],
        );
      }
      rewritten += rows.length;
    }
  }
  return rewritten;
}
