import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseViewProjection } from '../../../domain/case-view.projection.js';
import { RecordCaseTransferredCommand } from './record-case-transferred.command.js';

@CommandHandler(RecordCaseTransferredCommand)
export class RecordCaseTransferredHandler implements ICommandHandler<RecordCaseTransferredCommand> {
  constructor(private readonly cases: CaseViewProjection) {}

  execute({ caseId, bassinId, ownerId }: RecordCaseTransferredCommand): Promise<void> {
    return this.cases.caseTransferred(caseId, bassinId, ownerId);
  }
}
