import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ActionItemView } from '../../record.view.js';

/** The open action items the signed-in professional owns, on every case, soonest due first ("my actions"). */
export class ListMyActionItemsQuery extends Query<{ items: ActionItemView[] }> {
  constructor(readonly principal: Principal) {
    super();
  }
}
