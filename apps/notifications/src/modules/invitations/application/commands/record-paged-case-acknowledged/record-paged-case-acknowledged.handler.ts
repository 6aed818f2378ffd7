import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PagedCaseRepository } from '../../../domain/page.js';
import { RecordPagedCaseAcknowledgedCommand } from './record-paged-case-acknowledged.command.js';

@CommandHandler(RecordPagedCaseAcknowledgedCommand)
export class RecordPagedCaseAcknowledgedHandler implements ICommandHandler<RecordPagedCaseAcknowledgedCommand> {
  constructor(private readonly cases: PagedCaseRepository) {}

  async execute({ caseId, acknowledgedBy }: RecordPagedCaseAcknowledgedCommand): Promise<void> {
    const known = await this.cases.find(caseId);
    if (known) {
      await this.cases.save({ ...known, acknowledged: true, ownerId: acknowledgedBy });
    }
  }
}
