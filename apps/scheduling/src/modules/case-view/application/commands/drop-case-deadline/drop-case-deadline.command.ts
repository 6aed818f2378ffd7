import { Command } from '@nestjs/cqrs';

/** A deadline was dismissed: it no longer bounds any meeting. */
export class DropCaseDeadlineCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly deadlineId: string,
  ) {
    super();
  }
}
