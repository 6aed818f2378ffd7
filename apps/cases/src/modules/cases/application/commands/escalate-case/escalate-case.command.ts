import { Command } from '@nestjs/cqrs';

/**
 * The acknowledgement window of one signal of a case closed: move the case up the bassin's chain,
 * unless the signal was acknowledged or the case escalated since (`expectedLevel` is the level the
 * deadline was set for). No `signalId`: a timer set before signals existed (the oldest pending one).
 */
export class EscalateCaseCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly expectedLevel: number,
    readonly signalId?: string,
  ) {
    super();
  }
}
