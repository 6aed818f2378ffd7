import { Command } from '@nestjs/cqrs';

/** Scheduling opened an action item on the case, or it is over: kept so the case knows what is left open. */
export class TrackActionItemCommand extends Command<void> {
  constructor(
    readonly itemId: string,
    readonly caseId: string,
    readonly open: boolean,
    readonly at: Date,
  ) {
    super();
  }
}
