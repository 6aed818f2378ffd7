import { Command } from '@nestjs/cqrs';
import type { PersonIdentity } from '#concerto/contracts';

/** A case opened: the person is at the table unless they say otherwise. */
export class SeatThePersonCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly identity: PersonIdentity | undefined,
  ) {
    super();
  }
}
