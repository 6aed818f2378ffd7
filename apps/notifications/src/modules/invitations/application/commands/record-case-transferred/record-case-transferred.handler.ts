import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '#concerto/messaging';
import { CaseBassinRepository } from '../../../domain/invitation-view.js';
import { RecordCaseTransferredCommand } from './record-case-transferred.command.js';

@CommandHandler(RecordCaseTransferredCommand)
export class RecordCaseTransferredHandler implements ICommandHandler<RecordCaseTransferredCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cases: CaseBassinRepository,
  ) {}

  execute({ caseId, bassinId }: RecordCaseTransferredCommand): Promise<void> {
    return this.uow.run(() => this.cases.moved(caseId, bassinId));
  }
}
