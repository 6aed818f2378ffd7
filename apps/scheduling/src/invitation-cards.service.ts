import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { InvitationCardsApi, InvitationDeliveryCard, PollInvitationCard } from '#concerto/contracts';
import { GetDeliveryCardQuery } from './modules/concertations/application/queries/get-delivery-card/get-delivery-card.query.js';
import { PollService } from './modules/polls/application/poll.service.js';

/**
 * The cards notifications reads to write to one invitee (meeting invitations and date polls):
 * the in-process implementation of InvitationCardsApi, also served by the internal HTTP API.
 */
@Injectable()
export class InvitationCardsService implements InvitationCardsApi {
  constructor(
    private readonly queries: QueryBus,
    private readonly polls: PollService,
  ) {}

  deliveryCard(invitationId: string): Promise<InvitationDeliveryCard | undefined> {
    return this.queries.execute(new GetDeliveryCardQuery(invitationId));
  }

  pollCard(invitationId: string): Promise<PollInvitationCard | undefined> {
    return this.polls.pollCard(invitationId);
  }
}
