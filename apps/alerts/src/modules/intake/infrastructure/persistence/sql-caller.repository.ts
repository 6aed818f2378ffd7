import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { FieldCipher, queryRows } from '#concerto/persistence';
import { CallerRepository } from '../../application/ports/caller.repository.js';
import type { CallerRelationship, OnBehalfOf } from '../../domain/on-behalf-of.js';

type SealedCallerColumn = 'caller_name' | 'callback_number';

/** Associated data of one sealed field: a value copied to another row or column does not decrypt. */
export function callerFieldContext(alertId: string, column: SealedCallerColumn): string {
  return `alerts.alert_callers.${column}/${alertId}`;
}

interface CallerRow {
  alert_id: string;
  relationship: CallerRelationship;
  caller_name: string | null;
  callback_number: string;
  vault_key_id: string;
}

/** The caller's name and callback number are sealed under the identity vault's keyring. */
@Injectable()
export class SqlCallerRepository extends CallerRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {
    super();
  }

  async add(alertId: string, caller: OnBehalfOf): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "alerts"."alert_callers" ("alert_id","relationship","caller_name","callback_number","vault_key_id")
       VALUES ($1,$2,$3,$4,$5)`,
      [
        alertId,
        caller.relationship,
        this.cipher.encryptOptional(caller.callerName, callerFieldContext(alertId, 'caller_name')),
        this.cipher.encrypt(caller.callbackNumber, callerFieldContext(alertId, 'callback_number')),
        this.cipher.currentKeyId,
      ],
    );
  }

  async find(alertId: string): Promise<OnBehalfOf | undefined> {
    const [row] = await queryRows<CallerRow>(
      this.uow.manager,
      `SELECT * FROM "alerts"."alert_callers" WHERE "alert_id" = $1`,
      [alertId],
    );
    if (!row) {
      return undefined;
    }
    return {
      relationship: row.relationship,
      ...(row.caller_name
        ? { callerName: this.cipher.decrypt(row.caller_name, callerFieldContext(alertId, 'caller_name')) }
        : {}),
      callbackNumber: this.cipher.decrypt(row.callback_number, callerFieldContext(alertId, 'callback_number')),
    };
  }
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Key rotation: rewrites the callers not yet under the current key (run at start-up, like the persons). */
export async function reencryptCallers(db: Queryable, cipher: FieldCipher): Promise<number> {
  let rewritten = 0;
  for (;;) {
    const rows = (await db.query(
      `SELECT * FROM "alerts"."alert_callers" WHERE "vault_key_id" <> $1 ORDER BY "alert_id" LIMIT 200`,
      [cipher.currentKeyId],
    )) as CallerRow[];
    if (rows.length === 0) {
      return rewritten;
    }
    for (const row of rows) {
      const reseal = (column: SealedCallerColumn, stored: string | null) =>
        stored === null
          ? null
          : cipher.encrypt(
              cipher.decrypt(stored, callerFieldContext(row.alert_id, column)),
              callerFieldContext(row.alert_id, column),
            );
      await db.query(
        `UPDATE "alerts"."alert_callers" SET "caller_name"=$2,"callback_number"=$3,"vault_key_id"=$4 WHERE "alert_id"=$1`,
        [
          row.alert_id,
          reseal('caller_name', row.caller_name),
          reseal('callback_number', row.callback_number),
          cipher.currentKeyId,
        ],
      );
    }
    rewritten += rows.length;
  }
}
