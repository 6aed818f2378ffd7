import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { ActionItemRepository } from '../../../domain/follow-up.repository.js';
import { toActionItemView } from '../../record.view.js';
import { ListActionItemsQuery } from './list-action-items.query.js';

@QueryHandler(ListActionItemsQuery)
export class ListActionItemsHandler implements IQueryHandler<ListActionItemsQuery> {
  constructor(
    private readonly access: CaseAccess,
    private readonly items: ActionItemRepository,
  ) {}

  async execute({ caseId, principal }: ListActionItemsQuery) {
    await this.access.requireCoordinator(caseId, principal, 'list-action-items', 'read');
    const items = (await this.items.listByCase(caseId)).map(toActionItemView);
    const open = (i: { status: string }) => ['open', 'blocked', 'awaiting-confirmation'].includes(i.status);
    return { items: [...items.filter(open), ...items.filter((i) => !open(i))] };
  }
}
