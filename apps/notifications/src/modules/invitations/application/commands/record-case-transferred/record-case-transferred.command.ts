import { Command } from '@nestjs/cqrs';

/** A case moved to another bassin: its coordinator tasks (and the mailbox's messages) follow it there. */
export class RecordCaseTransferredCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly bassinId: string,
  ) {
    super();
  }
}
