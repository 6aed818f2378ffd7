import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConcertationRecordView, NoRecordView } from '../../record.view.js';

/** The record of a concertation, or that it has none yet (its case's coordinators). */
export class GetConcertationRecordQuery extends Query<ConcertationRecordView | NoRecordView> {
  constructor(
    readonly concertationId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
