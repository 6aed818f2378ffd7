import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { crowdWarning } from '../../../domain/care-team.js';
import { CareTeam } from '../../care-team.reader.js';
import { ListParticipantsQuery } from './list-participants.query.js';

@QueryHandler(ListParticipantsQuery)
export class ListParticipantsHandler implements IQueryHandler<ListParticipantsQuery> {
  constructor(
    private readonly access: CaseAccess,
    private readonly team: CareTeam,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async execute({ caseId, principal }: ListParticipantsQuery) {
    await this.access.requireCoordinator(caseId, principal, 'read-care-team', 'read');
    const participants = await this.team.list(caseId);
    const warning = crowdWarning(participants.filter((p) => !p.waived).length, this.config.MAX_COMFORTABLE_TABLE_SIZE);
    return { participants, warnings: warning ? [warning] : [] };
  }
}
