import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ActionItemView } from '../../record.view.js';

/** A case's action items, open first by due date (its coordinators). */
export class ListActionItemsQuery extends Query<{ items: ActionItemView[] }> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
