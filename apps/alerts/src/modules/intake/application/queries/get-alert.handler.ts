import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { coordinatesBassin } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog, queryRows } from '#concerto/persistence';
import { ALERTS_DB } from '../../../../alerts.tokens.js';
import { type AlertView, GetAlertQuery } from './get-alert.query.js';

/** The reporter and the bassin's coordinators may read an alert; anyone else gets 404. */
@QueryHandler(GetAlertQuery)
export class GetAlertHandler implements IQueryHandler<GetAlertQuery> {
  constructor(
    @Inject(ALERTS_DB) private readonly ds: DataSource,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: GetAlertQuery): Promise<AlertView> {
    const [row] = await queryRows<{
      alert_id: string;
      case_id: string;
      person_ref: string;
      type: string;
      urgency: string;
      reason: string | null;
      deadline: Date | null;
      bassin_id: string;
      reporter_id: string;
      opened_case: boolean;
      raised_at: Date;
    }>(this.ds, `SELECT * FROM "alerts"."alerts" WHERE "alert_id" = $1`, [q.alertId]);
    const allowed = !!row && (row.reporter_id === q.principal.userId || coordinatesBassin(q.principal, row.bassin_id));
    await this.audit.record(this.ds.manager, {
      actorId: q.principal.userId,
      action: allowed ? 'read' : 'denied',
      subjectType: 'alert',
      subjectId: q.alertId,
      purpose: 'read-alert',
      outcome: allowed ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (!row || !allowed) {
      throw new AppException('ALERT_NOT_FOUND', 'not-found', 'No such alert.');
    }
    return {
      alertId: row.alert_id,
      caseId: row.case_id,
      type: row.type,
      urgency: row.urgency,
      ...(row.reason ? { reason: row.reason } : {}),
      ...(row.deadline ? { deadline: new Date(row.deadline).toISOString() } : {}),
      bassinId: row.bassin_id,
      reporterId: row.reporter_id,
      openedCase: row.opened_case,
      raisedAt: new Date(row.raised_at).toISOString(),
    };
  }
}
