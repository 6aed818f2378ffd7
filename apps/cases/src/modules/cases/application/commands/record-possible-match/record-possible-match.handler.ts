import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseMergeRepository } from '../../../domain/merges/case-merge.repository.js';
import { RecordPossibleMatchCommand } from './record-possible-match.command.js';

@CommandHandler(RecordPossibleMatchCommand)
export class RecordPossibleMatchHandler implements ICommandHandler<RecordPossibleMatchCommand> {
  constructor(private readonly merges: CaseMergeRepository) {}

  async execute({ found }: RecordPossibleMatchCommand): Promise<void> {
    await this.merges.recordProposal({
      matchId: found.matchId,
      caseId: found.caseId,
      otherCaseId: found.otherCaseId,
      reasons: found.reasons,
      state: 'proposed',
      foundAt: new Date(found.foundAt),
    });
  }
}
