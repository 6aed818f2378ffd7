import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseViewProjection } from '../../../domain/case-view.projection.js';
import { RecordCaseDeadlineCommand } from './record-case-deadline.command.js';

@CommandHandler(RecordCaseDeadlineCommand)
export class RecordCaseDeadlineHandler implements ICommandHandler<RecordCaseDeadlineCommand> {
  constructor(private readonly cases: CaseViewProjection) {}

  execute({ caseId, deadlineId, dueAt }: RecordCaseDeadlineCommand): Promise<void> {
    return this.cases.deadlineSet(caseId, deadlineId, dueAt);
  }
}
