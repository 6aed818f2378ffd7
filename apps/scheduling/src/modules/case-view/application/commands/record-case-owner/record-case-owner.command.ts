import { Command } from '@nestjs/cqrs';

/** Whoever acknowledged the case owns it now. */
export class RecordCaseOwnerCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly ownerId: string,
  ) {
    super();
  }
}
