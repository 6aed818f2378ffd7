import { Command } from '@nestjs/cqrs';

/** A deadline of the case was set or corrected: it counts from now until its date. */
export class RecordCaseDeadlineCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly deadlineId: string,
    readonly dueAt: Date,
  ) {
    super();
  }
}
