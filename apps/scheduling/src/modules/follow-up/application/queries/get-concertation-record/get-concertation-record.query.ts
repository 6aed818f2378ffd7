import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConcertationRecordView } from '../../record.view.js';

export class GetConcertationRecordQuery extends Query<ConcertationRecordView> {
  constructor(
    readonly concertationId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
