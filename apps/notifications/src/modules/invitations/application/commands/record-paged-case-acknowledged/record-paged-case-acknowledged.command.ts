import { Command } from '@nestjs/cqrs';

/** The case was acknowledged: its opening and escalation pages still queued are moot. */
export class RecordPagedCaseAcknowledgedCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly acknowledgedBy: string,
  ) {
    super();
  }
}
