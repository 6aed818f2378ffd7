import { Command } from '@nestjs/cqrs';

/** A later alert brought the discharge date (or an earlier one): slot searches stop before it. */
export class RecordCaseDeadlineCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly deadline: Date,
  ) {
    super();
  }
}
