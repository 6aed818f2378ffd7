import { Inject, Logger } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  DIRECTORY_READ_API,
  type DirectoryReadApi,
  INVITATION_CARDS_API,
  type InvitationCardsApi,
  type InvitationRefV1,
} from '#concerto/contracts';
import { DescribeInviteesQuery, type InviteeProfile, type InviteeProfiles } from './describe-invitees.query.js';

/**
 * The kind of participant (for the register and the escalation chain) and the colleagues who
 * could stand in for a professional. The event carries the ids and enums; only an event produced
 * before they travelled in it makes this read scheduling's delivery card. A read that fails
 * leaves the value unknown; the messages themselves read the card when they are sent.
 */
@QueryHandler(DescribeInviteesQuery)
export class DescribeInviteesHandler implements IQueryHandler<DescribeInviteesQuery> {
  private readonly logger = new Logger(DescribeInviteesHandler.name);

  constructor(
    @Inject(INVITATION_CARDS_API) private readonly cards: InvitationCardsApi,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
  ) {}

  async execute({ invitations, bassinId }: DescribeInviteesQuery): Promise<InviteeProfiles> {
    const profiles: InviteeProfiles = new Map();
    for (const ref of invitations) {
      const known = ref.participantKind
        ? { participantKind: ref.participantKind, professionalId: ref.professionalId, bassinId }
        : await this.fromCard(ref);
      const colleagues =
        known.participantKind === 'professional' && known.professionalId
          ? await this.colleaguesOf(known.professionalId)
          : undefined;
      profiles.set(ref.invitationId, { ...known, colleagues });
    }
    return profiles;
  }

  private async fromCard(ref: InvitationRefV1): Promise<InviteeProfile> {
    const card = await this.cards.deliveryCard(ref.invitationId).catch((error: unknown) => {
      this.logger.warn({
        msg: 'delivery card not available while planning; planning from the event',
        error: String(error),
      });
      return undefined;
    });
    return {
      participantKind: card?.recipient?.kind,
      professionalId: card?.recipient?.professionalId,
      bassinId: card?.bassinId,
    };
  }

  private colleaguesOf(professionalId: string): Promise<string[] | undefined> {
    return this.directory
      .findColleagues(professionalId)
      .then((list) => list.map((p) => p.id))
      .catch(() => undefined);
  }
}
