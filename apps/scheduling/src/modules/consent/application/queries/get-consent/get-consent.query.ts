import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConsentState } from '../../../domain/consent.aggregate.js';

export class GetConsentQuery extends Query<ConsentState> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
