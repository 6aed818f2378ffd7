import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ConsentRepository } from '../../../../consent/domain/consent.repository.js';
import { type ConcertationView, toConcertationView } from '../../concertation.view.js';
import { CoordinatedConcertations } from '../../coordinated-concertations.js';
import { GetConcertationQuery } from './get-concertation.query.js';

@QueryHandler(GetConcertationQuery)
export class GetConcertationHandler implements IQueryHandler<GetConcertationQuery> {
  constructor(
    private readonly coordinated: CoordinatedConcertations,
    private readonly team: CareTeam,
    private readonly consents: ConsentRepository,
  ) {}

  async execute({ concertationId, principal }: GetConcertationQuery): Promise<ConcertationView> {
    const { meeting, view } = await this.coordinated.load(concertationId, principal, 'read-concertation', 'read');
    const consent = await this.consents.load(view.caseId);
    return toConcertationView(meeting.snapshot, await this.team.list(view.caseId), consent.allowsConcertation);
  }
}
