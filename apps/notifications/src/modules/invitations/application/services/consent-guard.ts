import { Injectable } from '@nestjs/common';
import { CaseConsentRepository, consentCovers } from '../../domain/case-consent.js';
import { InvitationViewRepository } from '../../domain/invitation-view.js';

/**
 * The notifications service's own consent check (R05), behind scheduling's gate: a message about a
 * case leaves only while the consent last heard for that case covers its addressee. Reads join the
 * ambient transaction, so a use case that checks and then writes sees one consent.
 */
@Injectable()
export class ConsentGuard {
  constructor(
    private readonly consents: CaseConsentRepository,
    private readonly views: InvitationViewRepository,
  ) {}

  /** `lock` keeps a concurrent withdrawal out until the caller's transaction ends. */
  async covers(caseId: string, invitationId: string, options: { lock?: boolean } = {}): Promise<boolean> {
    const consent = await this.consents.find(caseId, options);
    if (!consent) {
      return true;
    }
    // Date-poll invitations have no invitation view: the case-wide status decides for them.
    const view = await this.views.find(invitationId);
    return consentCovers(
      consent,
      view ? { participantId: view.participantId, participantKind: view.participantKind } : {},
    );
  }
}
