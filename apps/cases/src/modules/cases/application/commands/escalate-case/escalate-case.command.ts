import { Command } from '@nestjs/cqrs';

/**
 * The acknowledgement deadline of a case passed: move it up the bassin's chain, unless it was
 * acknowledged or escalated since (`expectedLevel` is the level the deadline was set for).
 */
export class EscalateCaseCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly expectedLevel: number,
  ) {
    super();
  }
}
