import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type {
  ActionItemCard,
  InvitationCardsApi,
  InvitationDeliveryCard,
  PersonLinkCard,
  PollInvitationCard,
  RecordSummaryCard,
} from '#concerto/contracts';
import { GetDeliveryCardQuery } from '../../application/queries/get-delivery-card/get-delivery-card.query.js';
import { GetActionItemCardQuery } from '../../../follow-up/application/queries/get-action-item-card/get-action-item-card.query.js';
import { GetRecordSummaryCardQuery } from '../../../follow-up/application/queries/get-record-summary-card/get-record-summary-card.query.js';
import { GetPersonLinkCardQuery } from '../../../pages/application/queries/get-person-link-card/get-person-link-card.query.js';
import { GetPollCardQuery } from '../../../polls/application/queries/get-poll-card/get-poll-card.query.js';

/**
 * The cards notifications reads to write to one invitee (meeting invitations and date polls):
 * the in-process implementation of InvitationCardsApi (the distributed mode serves the same queries through the internal HTTP controllers).
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

  actionItemCard(itemId: string): Promise<ActionItemCard | undefined> {
    return this.queries.execute(new GetActionItemCardQuery(itemId));
  }

  recordSummaryCard(recordId: string): Promise<RecordSummaryCard | undefined> {
    return this.queries.execute(new GetRecordSummaryCardQuery(recordId));
  }

  personLinkCard(personLinkId: string): Promise<PersonLinkCard | undefined> {
    return this.queries.execute(new GetPersonLinkCardQuery(personLinkId));
  }
}
