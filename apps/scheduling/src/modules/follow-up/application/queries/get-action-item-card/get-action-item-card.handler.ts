import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import type { ActionItemCard } from '#concerto/contracts';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ActionItemRepository, ReferentRepository } from '../../../domain/follow-up.repository.js';
import { GetActionItemCardQuery } from './get-action-item-card.query.js';

/**
 * The owner and the referent are professionals of the care team told about their own work: the
 * card carries their contact data (read per message, never copied) and no other member's.
 */
@QueryHandler(GetActionItemCardQuery)
export class GetActionItemCardHandler implements IQueryHandler<GetActionItemCardQuery> {
  constructor(
    private readonly items: ActionItemRepository,
    private readonly referents: ReferentRepository,
    private readonly cases: CaseAccess,
    private readonly team: CareTeam,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async execute({ itemId }: GetActionItemCardQuery): Promise<ActionItemCard | undefined> {
    const item = await this.items.find(itemId);
    const view = item ? await this.cases.find(item.snapshot.caseId) : undefined;
    if (!item || !view) {
      return undefined;
    }
    const s = item.snapshot;
    const members = await this.team.list(s.caseId);
    const referentId = await this.referents.find(s.caseId);
    const owner = members.find((p) => p.id === s.owner.participantId);
    const referent = members.find((p) => p.id === referentId);
    return {
      itemId: s.id,
      caseId: s.caseId,
      bassinId: view.bassinId,
      kind: s.kind,
      title: s.title,
      dueOn: s.dueOn,
      status: s.status,
      ...(s.blockedReason ? { blockedReason: s.blockedReason } : {}),
      owner: { ...s.owner },
      ...(owner ? { ownerRecipient: owner } : {}),
      ...(referent ? { referent } : {}),
      coordinatorId: view.ownerId,
      link: `${this.config.PUBLIC_BASE_URL}/my-actions`,
    };
  }
}
