import { Injectable } from '@nestjs/common';
import type { BassinId } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { type MyAlertRow, MyAlertsReader } from '../../application/ports/my-alerts.reader.js';

@Injectable()
export class SqlMyAlertsReader extends MyAlertsReader {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  /** A merged case answers with the survivor's status and owner, as the intake's case index does. */
  async listByReporter(reporterId: string, limit: number): Promise<MyAlertRow[]> {
    const rows = await queryRows<{
      alert_id: string;
      raised_at: Date;
      status: string;
      owner_id: string;
      bassin_id: BassinId;
    }>(
      this.uow.manager,
      `SELECT a."alert_id", a."raised_at", c."status", c."owner_id", c."bassin_id"
         FROM "alerts"."alerts" a
         JOIN "alerts"."case_index" i ON i."case_id" = a."case_id"
         JOIN "alerts"."case_index" c ON c."case_id" = COALESCE(i."merged_into", i."case_id")
        WHERE a."reporter_id" = $1
        ORDER BY a."raised_at" DESC, a."alert_id"
        LIMIT $2`,
      [reporterId, limit],
    );
    return rows.map((r) => ({
      alertId: r.alert_id,
      raisedAt: new Date(r.raised_at),
      status: r.status,
      ownerId: r.owner_id,
      bassinId: r.bassin_id,
    }));
  }
}
