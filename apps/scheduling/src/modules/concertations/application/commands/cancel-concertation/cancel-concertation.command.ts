import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConcertationView } from '../../concertation.view.js';

export class CancelConcertationCommand extends Command<ConcertationView> {
  constructor(
    readonly concertationId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
