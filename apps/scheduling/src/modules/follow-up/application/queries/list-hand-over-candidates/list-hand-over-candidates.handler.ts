import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { coordinatesBassin } from '#concerto/auth';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ConsentRepository } from '../../../../consent/domain/consent.repository.js';
import { ActionItemAccess } from '../../action-item-access.js';
import { type HandOverCandidates, ListHandOverCandidatesQuery } from './list-hand-over-candidates.query.js';

/**
 * The owner (not only a coordinator) needs to see whom they can hand over to. A coordinator sees
 * the whole team; an owner sees it only when the consent shares the care team with their own
 * participation, as the answer page does. Never contacts: names, roles and organisation ids.
 */
@QueryHandler(ListHandOverCandidatesQuery)
export class ListHandOverCandidatesHandler implements IQueryHandler<ListHandOverCandidatesQuery> {
  constructor(
    private readonly access: ActionItemAccess,
    private readonly cases: CaseAccess,
    private readonly careTeam: CareTeam,
    private readonly consents: ConsentRepository,
  ) {}

  async execute({ itemId, principal }: ListHandOverCandidatesQuery): Promise<HandOverCandidates> {
    const item = await this.access.load(itemId, principal, 'list-hand-over-candidates', 'owner', 'read');
    const s = item.snapshot;
    const [view, team, consent] = await Promise.all([
      this.cases.find(s.caseId),
      this.careTeam.list(s.caseId),
      this.consents.load(s.caseId),
    ]);
    const mine = team.filter((p) => p.professionalId === principal.userId);
    const teamShared =
      (!!view && coordinatesBassin(principal, view.bassinId)) || mine.some((p) => consent.mayShare(p.id, 'care-team'));
    if (!teamShared) {
      return { teamShared, participants: [], organisations: [] };
    }
    // The person is not someone to hand a task to; the current owner is not a new owner.
    const others = team.filter((p) => p.kind !== 'person' && p.id !== s.owner.participantId);
    const organisations = [...new Set(team.flatMap((p) => (p.organisationId ? [p.organisationId] : [])))]
      .filter((o) => o !== s.owner.organisationId)
      .map((organisationId) => ({ organisationId }));
    return {
      teamShared,
      participants: others.map((p) => ({
        participantId: p.id,
        kind: p.kind,
        displayName: p.displayName,
        ...(p.role ? { role: p.role } : {}),
      })),
      organisations,
    };
  }
}
