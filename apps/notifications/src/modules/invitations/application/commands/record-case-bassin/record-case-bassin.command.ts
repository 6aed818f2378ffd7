import { Command } from '@nestjs/cqrs';

/** A case was opened in a bassin: its coordinators, and only they, may read the case's coordinator tasks. */
export class RecordCaseBassinCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly bassinId: string,
    readonly openedAt: string,
  ) {
    super();
  }
}
