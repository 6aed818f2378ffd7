import { Inject, Logger } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DIRECTORY_READ_API, type DirectoryReadApi, INVITATION_CARDS_API, type InvitationCardsApi } from '#concerto/contracts';
import { DescribeInviteesQuery, type InviteeProfiles } from './describe-invitees.query.js';

/**
 * The kind of participant (for the register and the escalation chain) and the colleagues who
 * could stand in for a professional. A read that fails leaves the value unknown; the messages
 * themselves read the card again when they are sent.
 */
@QueryHandler(DescribeInviteesQuery)
export class DescribeInviteesHandler implements IQueryHandler<DescribeInviteesQuery> {
  private readonly logger = new Logger(DescribeInviteesHandler.name);

  constructor(
    @Inject(INVITATION_CARDS_API) private readonly cards: InvitationCardsApi,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
  ) {}

  async execute({ invitations }: DescribeInviteesQuery): Promise<InviteeProfiles> {
    const profiles: InviteeProfiles = new Map();
    for (const { invitationId } of invitations) {
      const card = await this.cards.deliveryCard(invitationId).catch((error: unknown) => {
        this.logger.warn({ msg: 'delivery card not available while planning; planning from the event', error: String(error) });
        return undefined;
      });
      const r = card?.recipient;
      let colleagues: string[] | undefined;
      if (r?.kind === 'professional' && r.professionalId) {
        colleagues = await this.directory
          .findColleagues(r.professionalId)
          .then((list) => list.map((p) => p.id))
          .catch(() => undefined);
      }
      profiles.set(invitationId, { participantKind: r?.kind, professionalId: r?.professionalId, colleagues, bassinId: card?.bassinId });
    }
    return profiles;
  }
}
