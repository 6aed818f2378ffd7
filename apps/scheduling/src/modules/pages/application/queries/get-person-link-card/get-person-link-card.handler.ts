import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PersonLinkSigner } from '#concerto/auth';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import type { PersonLinkCard } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { PersonLinkStore } from '../../person-link-store.js';
import { PERSON_LINK_KINDS } from '../../person-links.js';
import { GetPersonLinkCardQuery } from './get-person-link-card.query.js';

/**
 * The link's short form (derived again from its id: the same token every time the card is read)
 * and its holder's contact data, while the link holds and its holder is still at the table, as
 * the page itself checks.
 */
@QueryHandler(GetPersonLinkCardQuery)
export class GetPersonLinkCardHandler implements IQueryHandler<GetPersonLinkCardQuery> {
  constructor(
    private readonly store: PersonLinkStore,
    private readonly access: CaseAccess,
    private readonly team: CareTeam,
    private readonly signer: PersonLinkSigner,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ personLinkId }: GetPersonLinkCardQuery): Promise<PersonLinkCard | undefined> {
    const link = await this.store.find(personLinkId);
    const view = link ? await this.access.find(link.caseId) : undefined;
    if (!link || !view) {
      return undefined;
    }
    const holder = (await this.team.list(link.caseId)).find((p) => p.id === link.participantId);
    const holds = this.clock.now().getTime() < link.expiresAt.getTime();
    const recipient = holds && holder && PERSON_LINK_KINDS.includes(holder.kind) ? holder : undefined;
    return {
      personLinkId: link.id,
      caseId: link.caseId,
      bassinId: view.bassinId,
      url: `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/me/${this.signer.shortToken(link.linkId)}`,
      expiresAt: link.expiresAt.toISOString(),
      issuedBy: link.issuedBy,
      ...(recipient ? { recipient } : {}),
      ...(holds ? {} : { withdrawn: true }),
    };
  }
}
