import { Command } from '@nestjs/cqrs';

/** A deadline's timer fired: the date came, the owner is told. */
export class PassCaseDeadlineCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly deadlineId: string,
  ) {
    super();
  }
}
