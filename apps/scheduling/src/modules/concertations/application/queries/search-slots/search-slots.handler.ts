import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { TeamSlotSearch } from '../../team-slot-search.js';
import { SearchSlotsQuery, type SlotSearchView } from './search-slots.query.js';

@QueryHandler(SearchSlotsQuery)
export class SearchSlotsHandler implements IQueryHandler<SearchSlotsQuery> {
  constructor(
    private readonly access: CaseAccess,
    private readonly search: TeamSlotSearch,
  ) {}

  async execute({ caseId, principal, input }: SearchSlotsQuery): Promise<SlotSearchView> {
    const view = await this.access.requireCoordinator(caseId, principal, 'search-slots', 'read');
    return this.search.search(caseId, view, input);
  }
}
