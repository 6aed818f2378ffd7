import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CoordinatedConcertations } from '../../../../concertations/application/coordinated-concertations.js';
import { ConcertationRecordRepository } from '../../../domain/follow-up.repository.js';
import { RecordViews } from '../../record.view.js';
import { GetConcertationRecordQuery } from './get-concertation-record.query.js';

@QueryHandler(GetConcertationRecordQuery)
export class GetConcertationRecordHandler implements IQueryHandler<GetConcertationRecordQuery> {
  constructor(
    private readonly concertations: CoordinatedConcertations,
    private readonly records: ConcertationRecordRepository,
    private readonly views: RecordViews,
  ) {}

  async execute({ concertationId, principal }: GetConcertationRecordQuery) {
    const { meeting } = await this.concertations.load(concertationId, principal, 'read-concertation-record', 'read');
    const record = await this.records.findByConcertation(concertationId);
    if (!record) {
      return { concertationId, caseId: meeting.snapshot.caseId, recorded: false as const };
    }
    return this.views.of(record);
  }
}
