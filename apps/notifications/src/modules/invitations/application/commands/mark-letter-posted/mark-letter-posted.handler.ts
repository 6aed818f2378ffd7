import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { CoordinatorTaskRepository, markLetterPosted } from '../../../domain/coordinator-task.js';
import { CoordinatorAccess } from '../../coordinator-access.js';
import { toTaskView } from '../../queries/list-coordinator-tasks/list-coordinator-tasks.query.js';
import { MarkLetterPostedCommand } from './mark-letter-posted.command.js';

@CommandHandler(MarkLetterPostedCommand)
export class MarkLetterPostedHandler implements ICommandHandler<MarkLetterPostedCommand> {
  constructor(
    private readonly access: CoordinatorAccess,
    private readonly tasks: CoordinatorTaskRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ caseId, taskId, principal }: MarkLetterPostedCommand) {
    return this.access.write(caseId, principal, 'mark-letter-posted', async () => {
      const task = await this.tasks.findForCase(caseId, taskId, { forUpdate: true });
      if (!task) {
        throw new AppException('TASK_NOT_FOUND', 'not-found', 'No such task.');
      }
      const progress = markLetterPosted(task, principal.userId, this.clock.now());
      await this.tasks.recordProgress(task.id, progress);
      return toTaskView({ ...task, ...progress });
    });
  }
}
