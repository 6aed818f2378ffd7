import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import type { RaiseAlertResult } from '../../application/commands/raise-alert/raise-alert.result.js';
import {
  IdempotencyKeyRepository,
  type RememberedRequest,
} from '../../application/ports/idempotency-key.repository.js';

@Injectable()
export class SqlIdempotencyKeyRepository extends IdempotencyKeyRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(reporterId: string, key: string): Promise<RememberedRequest | undefined> {
    const [row] = await queryRows<{ request_hash: string; response: RaiseAlertResult }>(
      this.uow.manager,
      `SELECT "request_hash","response" FROM "alerts"."idempotency_keys" WHERE "reporter_id" = $1 AND "idempotency_key" = $2`,
      [reporterId, key],
    );
    return row ? { requestHash: row.request_hash, response: row.response } : undefined;
  }

  async remember(e: {
    reporterId: string;
    key: string;
    requestHash: string;
    alertId: string;
    response: RaiseAlertResult;
    createdAt: Date;
  }): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "alerts"."idempotency_keys" ("reporter_id","idempotency_key","request_hash","alert_id","response","created_at") VALUES ($1,$2,$3,$4,$5,$6)`,
        [e.reporterId, e.key, e.requestHash, e.alertId, JSON.stringify(e.response), e.createdAt],
      );
  }
}
