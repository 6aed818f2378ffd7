import { Command } from '@nestjs/cqrs';

/**
 * A case was merged into another (`mergedInto` set) or split off again (`mergedInto` undefined):
 * a merged case's signals are the survivor's, so its own pages still waiting to leave are dropped.
 */
export class RecordCaseMergedCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly mergedInto: string | undefined,
  ) {
    super();
  }
}
