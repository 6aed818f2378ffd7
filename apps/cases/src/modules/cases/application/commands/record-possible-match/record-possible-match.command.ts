import { Command } from '@nestjs/cqrs';
import type { PossibleMatchFoundV1 } from '#concerto/contracts';

/** The intake proposed that the persons of two cases are one: both cases show it to their coordinators. */
export class RecordPossibleMatchCommand extends Command<void> {
  constructor(readonly found: PossibleMatchFoundV1) {
    super();
  }
}
