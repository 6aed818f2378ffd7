import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { coordinatesBassin } from '#concerto/auth';
import { AuditedAccess } from '#concerto/persistence';
import { AlertRepository } from '../../ports/alert.repository.js';
import { CallerRepository } from '../../ports/caller.repository.js';
import { type AlertView, GetAlertQuery } from './get-alert.query.js';

/** The reporter and the bassin's coordinators may read an alert; anyone else gets 404. */
@QueryHandler(GetAlertQuery)
export class GetAlertHandler implements IQueryHandler<GetAlertQuery> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly alerts: AlertRepository,
    private readonly callers: CallerRepository,
  ) {}

  async execute({ alertId, principal }: GetAlertQuery): Promise<AlertView> {
    const { subject: alert } = await this.access.check({
      actorId: principal.userId,
      subjectType: 'alert',
      subjectId: alertId,
      purpose: 'read-alert',
      action: 'read',
      load: () => this.alerts.find(alertId),
      decide: (a) =>
        a.reporterId === principal.userId || coordinatesBassin(principal, a.bassinId)
          ? { granted: true }
          : { denied: 'not-found' },
      notFound: { code: 'ALERT_NOT_FOUND', message: 'No such alert.' },
    });
    // The access above is audited; the callback number is for those who will call back.
    const caller = await this.callers.find(alert.alertId);
    const onBehalfOf = caller
      ? coordinatesBassin(principal, alert.bassinId)
        ? caller
        : { relationship: caller.relationship }
      : undefined;
    return {
      alertId: alert.alertId,
      caseId: alert.caseId,
      type: alert.type,
      urgency: alert.urgency,
      ...(alert.reason ? { reason: alert.reason } : {}),
      ...(alert.deadline ? { deadline: alert.deadline.toISOString() } : {}),
      bassinId: alert.bassinId,
      reporterId: alert.reporterId,
      openedCase: alert.openedCase,
      raisedAt: alert.raisedAt.toISOString(),
      ...(onBehalfOf ? { onBehalfOf } : {}),
    };
  }
}
