import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseViewProjection } from '../../../domain/case-view.projection.js';
import { RecordCaseOwnerCommand } from './record-case-owner.command.js';

@CommandHandler(RecordCaseOwnerCommand)
export class RecordCaseOwnerHandler implements ICommandHandler<RecordCaseOwnerCommand> {
  constructor(private readonly cases: CaseViewProjection) {}

  execute({ caseId, ownerId }: RecordCaseOwnerCommand): Promise<void> {
    return this.cases.ownerChanged(caseId, ownerId);
  }
}
