import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { CoordinatorTaskRepository, recordCall } from '../../../domain/coordinator-task.js';
import { CoordinatorAccess } from '../../coordinator-access.js';
import { toTaskView } from '../../queries/list-coordinator-tasks/list-coordinator-tasks.query.js';
import { RecordCallOutcomeCommand } from './record-call-outcome.command.js';

@CommandHandler(RecordCallOutcomeCommand)
export class RecordCallOutcomeHandler implements ICommandHandler<RecordCallOutcomeCommand> {
  constructor(
    private readonly access: CoordinatorAccess,
    private readonly tasks: CoordinatorTaskRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, taskId, outcome, principal }: RecordCallOutcomeCommand) {
    // Audited per outcome (`record-call-no-answer`, …): the audit log keeps every attempt and who made it.
    return this.access.write(caseId, principal, `record-call-${outcome}`, async () => {
      const task = await this.tasks.findForCase(caseId, taskId, { forUpdate: true });
      if (!task) {
        throw new AppException('TASK_NOT_FOUND', 'not-found', 'No such task.');
      }
      const progress = recordCall(task, outcome, principal.userId, this.clock.now());
      await this.tasks.recordProgress(task.id, progress);
      return toTaskView({ ...task, ...progress });
    });
  }
}
