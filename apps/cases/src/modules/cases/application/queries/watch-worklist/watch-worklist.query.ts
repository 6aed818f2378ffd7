import { Query } from '@nestjs/cqrs';
import type { Observable } from 'rxjs';
import type { Principal } from '#concerto/auth';
import type { WorklistChange } from '../../worklist-feed.js';

/** Live changes of the cases in a reader's worklist (optionally one bassin of it): ids and statuses only. */
export class WatchWorklistQuery extends Query<Observable<WorklistChange>> {
  constructor(
    readonly principal: Principal,
    readonly bassin?: string,
  ) {
    super();
  }
}
