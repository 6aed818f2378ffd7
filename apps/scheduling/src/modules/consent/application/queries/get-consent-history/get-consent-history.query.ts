import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConsentChange } from '../../../domain/consent.aggregate.js';

/** Every change of a case's consent, with its time and author (coordinators of the case's bassin only). */
export class GetConsentHistoryQuery extends Query<{ changes: ConsentChange[] }> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
