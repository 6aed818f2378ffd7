import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConcertationView } from '../../concertation.view.js';

export class GetConcertationQuery extends Query<ConcertationView> {
  constructor(
    readonly concertationId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
