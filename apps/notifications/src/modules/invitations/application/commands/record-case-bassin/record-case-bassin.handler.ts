import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '#concerto/messaging';
import { CaseBassinRepository } from '../../../domain/invitation-view.js';
import { RecordCaseBassinCommand } from './record-case-bassin.command.js';

@CommandHandler(RecordCaseBassinCommand)
export class RecordCaseBassinHandler implements ICommandHandler<RecordCaseBassinCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cases: CaseBassinRepository,
  ) {}

  execute({ caseId, bassinId, openedAt }: RecordCaseBassinCommand): Promise<void> {
    return this.uow.run(() => this.cases.record(caseId, bassinId, new Date(openedAt)));
  }
}
