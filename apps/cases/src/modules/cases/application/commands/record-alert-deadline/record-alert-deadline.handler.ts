import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deadlineKindOfAlertType } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { CaseRepository } from '../../../domain/case.repository.js';
import { CaseDeadline } from '../../../domain/deadlines/case-deadline.js';
import { CaseDeadlineRepository } from '../../../domain/deadlines/case-deadline.repository.js';
import { DeadlineChanges } from '../../deadlines/deadline-changes.js';
import { RecordAlertDeadlineCommand } from './record-alert-deadline.command.js';

/**
 * Runs in the consumer's transaction, after the alert opened or joined its case. Intake checked
 * the date's range and the reporter's entitlement; a date that passed on the way still lands (its
 * timer fires at once and tells the owner) rather than vanish.
 */
@CommandHandler(RecordAlertDeadlineCommand)
export class RecordAlertDeadlineHandler implements ICommandHandler<RecordAlertDeadlineCommand> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly deadlines: CaseDeadlineRepository,
    private readonly changes: DeadlineChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ alert }: RecordAlertDeadlineCommand): Promise<void> {
    if (!alert.deadline) {
      return;
    }
    const c = await this.cases.find(alert.caseId);
    if (!c || (await this.deadlines.findForUpdate(alert.caseId, alert.alertId))) {
      return;
    }
    const deadline = CaseDeadline.set(
      {
        id: alert.alertId,
        caseId: alert.caseId,
        kind: alert.deadlineKind ?? deadlineKindOfAlertType(alert.type),
        dueAt: new Date(alert.deadline),
        source: { kind: 'alert', alertId: alert.alertId, actorId: alert.reporterId },
      },
      this.clock.now(),
    );
    await this.changes.save(deadline, c.snapshot.ownerId);
  }
}
