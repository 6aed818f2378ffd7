import { Query } from '@nestjs/cqrs';
import type { ActionItemCard } from '#concerto/contracts';

/** What notifications needs to tell an item's owner, referent or coordinator (internal read, no principal). */
export class GetActionItemCardQuery extends Query<ActionItemCard | undefined> {
  constructor(readonly itemId: string) {
    super();
  }
}
