import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { InvitationCardsApi, InvitationDeliveryCard, PollInvitationCard } from '#concerto/contracts';
import { GetDeliveryCardQuery } from './modules/concertations/application/queries/get-delivery-card/get-delivery-card.query.js';
import { GetPollCardQuery } from './modules/polls/application/queries/get-poll-card/get-poll-card.query.js';

/**
 * The cards notifications reads to write to one invitee (meeting invitations and date polls):
 * the in-process implementation of InvitationCardsApi, also served by the internal HTTP API.
 */
@Injectable()
export class InvitationCardsService implements InvitationCardsApi {
  constructor(private readonly queries: QueryBus) {}

  deliveryCard(invitationId: string): Promise<InvitationDeliveryCard | undefined> {
    return this.queries.execute(new GetDeliveryCardQuery(invitationId));
  }

  pollCard(invitationId: string): Promise<PollInvitationCard | undefined> {
    return this.queries.execute(new GetPollCardQuery(invitationId));
  }
}
