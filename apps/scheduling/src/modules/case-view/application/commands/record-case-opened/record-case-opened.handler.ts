import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseViewProjection } from '../../../domain/case-view.projection.js';
import { RecordCaseOpenedCommand } from './record-case-opened.command.js';

@CommandHandler(RecordCaseOpenedCommand)
export class RecordCaseOpenedHandler implements ICommandHandler<RecordCaseOpenedCommand> {
  constructor(private readonly cases: CaseViewProjection) {}

  execute({ view }: RecordCaseOpenedCommand): Promise<void> {
    return this.cases.caseOpened(view);
  }
}
