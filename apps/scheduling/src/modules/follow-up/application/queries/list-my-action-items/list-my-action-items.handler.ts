import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { ActionItemRepository } from '../../../domain/follow-up.repository.js';
import { toActionItemView } from '../../record.view.js';
import { ListMyActionItemsQuery } from './list-my-action-items.query.js';

@QueryHandler(ListMyActionItemsQuery)
export class ListMyActionItemsHandler implements IQueryHandler<ListMyActionItemsQuery> {
  constructor(
    private readonly items: ActionItemRepository,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ principal }: ListMyActionItemsQuery) {
    // Only the caller's own items, so no case access check: the read is still audited, about the caller.
    const items = await this.items.listOpenOwnedBy({
      professionalId: principal.userId,
      ...(principal.organisationId ? { organisationId: principal.organisationId } : {}),
    });
    await this.audit.record({
      actorId: principal.userId,
      action: 'read',
      subjectType: 'principal',
      subjectId: principal.userId,
      purpose: 'list-my-action-items',
      outcome: 'allowed',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    return { items: items.map(toActionItemView) };
  }
}
