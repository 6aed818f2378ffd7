import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import type { ConsentState } from '../../../domain/consent.aggregate.js';
import { ConsentRepository } from '../../../domain/consent.repository.js';
import { GetConsentQuery } from './get-consent.query.js';

@QueryHandler(GetConsentQuery)
export class GetConsentHandler implements IQueryHandler<GetConsentQuery> {
  constructor(
    private readonly access: CaseAccess,
    private readonly consents: ConsentRepository,
  ) {}

  async execute({ caseId, principal }: GetConsentQuery): Promise<ConsentState> {
    await this.access.requireCoordinator(caseId, principal, 'read-consent', 'read');
    return (await this.consents.load(caseId)).snapshot;
  }
}
