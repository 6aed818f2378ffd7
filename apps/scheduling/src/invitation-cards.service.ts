import { Injectable } from '@nestjs/common';
import type { InvitationCardsApi, InvitationDeliveryCard, PollInvitationCard } from '#concerto/contracts';
import { ConcertationService } from './modules/concertations/application/concertation.service.js';
import { PollService } from './modules/polls/application/poll.service.js';

/**
 * The cards notifications reads to write to one invitee (meeting invitations and date polls):
 * the in-process implementation of InvitationCardsApi, also served by the internal HTTP API.
 */
@Injectable()
export class InvitationCardsService implements InvitationCardsApi {
  constructor(
    private readonly concertations: ConcertationService,
    private readonly polls: PollService,
  ) {}

  deliveryCard(invitationId: string): Promise<InvitationDeliveryCard | undefined> {
    return this.concertations.deliveryCard(invitationId) as Promise<InvitationDeliveryCard | undefined>;
  }

  pollCard(invitationId: string): Promise<PollInvitationCard | undefined> {
    return this.polls.pollCard(invitationId);
  }
}
