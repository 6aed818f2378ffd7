import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseViewProjection } from '../../../domain/case-view.projection.js';
import { DropCaseDeadlineCommand } from './drop-case-deadline.command.js';

@CommandHandler(DropCaseDeadlineCommand)
export class DropCaseDeadlineHandler implements ICommandHandler<DropCaseDeadlineCommand> {
  constructor(private readonly cases: CaseViewProjection) {}

  execute({ caseId, deadlineId }: DropCaseDeadlineCommand): Promise<void> {
    return this.cases.deadlineDismissed(caseId, deadlineId);
  }
}
