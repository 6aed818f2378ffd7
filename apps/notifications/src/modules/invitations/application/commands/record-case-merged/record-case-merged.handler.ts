import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PagedCaseRepository } from '../../../domain/page.js';
import { RecordCaseMergedCommand } from './record-case-merged.command.js';

@CommandHandler(RecordCaseMergedCommand)
export class RecordCaseMergedHandler implements ICommandHandler<RecordCaseMergedCommand> {
  constructor(private readonly cases: PagedCaseRepository) {}

  async execute({ caseId, mergedInto }: RecordCaseMergedCommand): Promise<void> {
    await this.cases.markMerged(caseId, mergedInto);
  }
}
