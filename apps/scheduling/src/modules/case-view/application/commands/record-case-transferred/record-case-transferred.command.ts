import { Command } from '@nestjs/cqrs';

/** The case moved to another bassin with its history: its coordinators, not the former ones, run its meetings now. */
export class RecordCaseTransferredCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly bassinId: string,
    readonly ownerId: string,
  ) {
    super();
  }
}
