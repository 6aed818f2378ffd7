import { Injectable } from '@nestjs/common';
import type { AlertType, BassinId, RoutingReason, Urgency } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { AlertRepository, type AlertRecord } from '../../application/ports/alert.repository.js';

interface AlertRow {
  alert_id: string;
  case_id: string;
  person_ref: string;
  reporter_id: string;
  type: AlertType;
  requested_urgency: Urgency;
  urgency: Urgency;
  reason: string | null;
  deadline: Date | null;
  bassin_id: BassinId;
  routing_reason: RoutingReason;
  opened_case: boolean;
  raised_at: Date;
}

@Injectable()
export class SqlAlertRepository extends AlertRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async add(a: AlertRecord): Promise<void> {
    await this.uow.transaction.requireManager().query(
      `INSERT INTO "alerts"."alerts" ("alert_id","case_id","person_ref","reporter_id","type","requested_urgency","urgency","reason","deadline","bassin_id","routing_reason","opened_case","raised_at")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [
        a.alertId,
        a.caseId,
        a.personRef,
        a.reporterId,
        a.type,
        a.requestedUrgency,
        a.urgency,
        a.reason ?? null,
        a.deadline ?? null,
        a.bassinId,
        a.routingReason,
        a.openedCase,
        a.raisedAt,
      ],
    );
  }

  async find(alertId: string): Promise<AlertRecord | undefined> {
    const [row] = await queryRows<AlertRow>(this.uow.manager, `SELECT * FROM "alerts"."alerts" WHERE "alert_id" = $1`, [
      alertId,
    ]);
    return row
      ? {
          alertId: row.alert_id,
          caseId: row.case_id,
          personRef: row.person_ref,
          reporterId: row.reporter_id,
          type: row.type,
          requestedUrgency: row.requested_urgency,
          urgency: row.urgency,
          reason: row.reason ?? undefined,
          deadline: row.deadline ? new Date(row.deadline) : undefined,
          bassinId: row.bassin_id,
          routingReason: row.routing_reason,
          openedCase: row.opened_case,
          raisedAt: new Date(row.raised_at),
        }
      : undefined;
  }
}
