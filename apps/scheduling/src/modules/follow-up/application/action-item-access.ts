import { Inject, Injectable } from '@nestjs/common';
import { coordinatesBassin, type Principal } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { CaseAccess } from '../../case-view/application/case-access.js';
import { CareTeam } from '../../care-team/application/care-team.reader.js';
import type { ActionItem } from '../domain/action-item.aggregate.js';
import { ActionItemRepository, ReferentRepository } from '../domain/follow-up.repository.js';

/** Who may act on an item: its owner (a professional on the team, or their organisation), the referent, the case's coordinators. */
export type ItemActor = 'owner' | 'referent';

/**
 * Loads an action item for update for someone allowed to act on it, audits the access, allowed
 * or denied, and tells anyone else it does not exist.
 */
@Injectable()
export class ActionItemAccess {
  constructor(
    private readonly items: ActionItemRepository,
    private readonly referents: ReferentRepository,
    private readonly cases: CaseAccess,
    private readonly careTeam: CareTeam,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load(
    itemId: string,
    principal: Principal,
    purpose: string,
    actor: ItemActor,
    action: 'read' | 'update' = 'update',
  ): Promise<ActionItem> {
    const item = await this.items.find(itemId, { forUpdate: action === 'update' });
    const allowed = item ? await this.mayAct(item, principal, actor) : false;
    await this.audit.record({
      actorId: principal.userId,
      action: allowed ? action : 'denied',
      subjectType: 'case',
      subjectId: item?.snapshot.caseId ?? itemId,
      purpose,
      outcome: allowed ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (!item || !allowed) {
      throw new AppException('ACTION_ITEM_NOT_FOUND', 'not-found', 'No such action item.');
    }
    return item;
  }

  private async mayAct(item: ActionItem, principal: Principal, actor: ItemActor): Promise<boolean> {
    const s = item.snapshot;
    const view = await this.cases.find(s.caseId);
    if (!view) {
      return false;
    }
    if (coordinatesBassin(principal, view.bassinId)) {
      return true;
    }
    const team = await this.careTeam.list(s.caseId);
    const isMe = (participantId: string | undefined) =>
      !!participantId && team.some((p) => p.id === participantId && p.professionalId === principal.userId);
    if (actor === 'referent') {
      return isMe(await this.referents.find(s.caseId));
    }
    return (
      isMe(s.owner.participantId) || (!!s.owner.organisationId && s.owner.organisationId === principal.organisationId)
    );
  }
}
