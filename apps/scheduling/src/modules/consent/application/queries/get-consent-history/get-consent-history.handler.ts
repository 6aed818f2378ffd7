import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import type { ConsentChange } from '../../../domain/consent.aggregate.js';
import { ConsentRepository } from '../../../domain/consent.repository.js';
import { GetConsentHistoryQuery } from './get-consent-history.query.js';

@QueryHandler(GetConsentHistoryQuery)
export class GetConsentHistoryHandler implements IQueryHandler<GetConsentHistoryQuery> {
  constructor(
    private readonly access: CaseAccess,
    private readonly consents: ConsentRepository,
  ) {}

  /** Like the consent itself, its history is the coordinators' only (the access check audits the read, or the denial). */
  async execute({ caseId, principal }: GetConsentHistoryQuery): Promise<{ changes: ConsentChange[] }> {
    await this.access.requireCoordinator(caseId, principal, 'read-consent-history', 'read');
    return { changes: await this.consents.history(caseId) };
  }
}
