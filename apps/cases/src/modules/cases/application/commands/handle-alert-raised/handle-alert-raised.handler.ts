import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { Case } from '../../../domain/case.aggregate.js';
import { CaseStore } from '../../case-store.js';
import { HandleAlertRaisedCommand } from './handle-alert-raised.command.js';

@CommandHandler(HandleAlertRaisedCommand)
export class HandleAlertRaisedHandler implements ICommandHandler<HandleAlertRaisedCommand> {
  constructor(
    private readonly store: CaseStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ alert, scope }: HandleAlertRaisedCommand): Promise<{ caseId: string }> {
    const now = this.clock.now();
    const attached = { alertId: alert.alertId, type: alert.type, urgency: alert.urgency, reporterId: alert.reporterId, at: alert.raisedAt };
    const existing = await this.store.load(scope, alert.caseId);
    if (existing) {
      if (existing.attachAlert(attached, now, this.store.policy, alert.deadline ? new Date(alert.deadline) : undefined)) {
        await this.store.save(scope, existing, alert.reporterId);
      }
      return { caseId: alert.caseId };
    }
    if (!alert.opensCase) {
      // Ordering per case key means this is transient only if the opening event is still on its way.
      throw new AppException('CASE_NOT_FOUND', 'unavailable', `case ${alert.caseId} does not exist yet`);
    }
    const opened = Case.open(
      {
        caseId: alert.caseId,
        personRef: alert.personRef,
        bassinId: alert.bassinId,
        bassinNeedsConfirmation: alert.bassinNeedsConfirmation,
        escalationChain: alert.escalationChain,
        deadline: alert.deadline ? new Date(alert.deadline) : undefined,
        alert: attached,
      },
      now,
      this.store.policy,
    );
    await this.store.save(scope, opened, alert.reporterId);
    return { caseId: alert.caseId };
  }
}
