import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { ACKNOWLEDGEMENT_POLICY } from '../../../../../cases.tokens.js';
import { Case } from '../../../domain/case.aggregate.js';
import { CaseRepository } from '../../../domain/case.repository.js';
import type { AcknowledgementPolicy } from '../../../domain/case.types.js';
import { CaseChanges } from '../../case-changes.js';
import { OpenOrJoinCaseCommand } from './open-or-join-case.command.js';

/**
 * Runs in the consumer's transaction (ambient), with the alert's inbox entry. The alert's date is
 * not the case's: it becomes one of the case's deadlines (RecordAlertDeadlineCommand, same transaction).
 */
@CommandHandler(OpenOrJoinCaseCommand)
export class OpenOrJoinCaseHandler implements ICommandHandler<OpenOrJoinCaseCommand> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly changes: CaseChanges,
    @Inject(ACKNOWLEDGEMENT_POLICY) private readonly policy: AcknowledgementPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ alert, reporterRole }: OpenOrJoinCaseCommand): Promise<{ caseId: string }> {
    const now = this.clock.now();
    const attached = {
      alertId: alert.alertId,
      type: alert.type,
      urgency: alert.urgency,
      reporterId: alert.reporterId,
      ...(reporterRole ? { reporterRole } : {}),
      at: alert.raisedAt,
    };
    const existing = await this.cases.findForUpdate(alert.caseId);
    let caseId = alert.caseId;
    if (existing && !existing.isClosed) {
      if (existing.attachAlert(attached, now, this.policy)) {
        await this.changes.save(existing, alert.reporterId);
      }
      return { caseId: alert.caseId };
    }
    if (existing) {
      // The intake had not yet heard that the case closed: a closed case is never rejoined; the
      // alert opens the person's next case (an id derived from the alert's, so redelivery finds it).
      caseId = followingCaseId(alert.alertId);
      const next = await this.cases.findForUpdate(caseId);
      if (next) {
        return { caseId };
      }
    } else if (!alert.opensCase) {
      // Ordering per case key means this is transient only if the opening event is still on its way.
      throw new AppException('CASE_NOT_FOUND', 'unavailable', `case ${alert.caseId} does not exist yet`);
    }
    const previousCaseId = await this.cases.latestClosedOf(alert.personRef);
    const opened = Case.open(
      {
        caseId,
        personRef: alert.personRef,
        bassinId: alert.bassinId,
        bassinNeedsConfirmation: alert.bassinNeedsConfirmation,
        escalationChain: alert.escalationChain,
        alert: attached,
        ...(previousCaseId ? { previousCaseId } : {}),
      },
      now,
      this.policy,
    );
    await this.changes.save(opened, alert.reporterId);
    return { caseId };
  }
}

/** A stable UUID (v4 layout) derived from the alert's id, for the case an alert on a closed case opens. */
function followingCaseId(alertId: string): string {
  const h = createHash('sha256').update(`following-case:${alertId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
