import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { InternalOnly, Public } from '#concerto/http';
import { GetDeliveryCardQuery } from '../../application/queries/get-delivery-card/get-delivery-card.query.js';

/** Distributed mode: notifications reads what it must write to one invitee, by invitation id. */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/invitations')
export class InternalDeliveryCardsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':invitationId/delivery-card')
  async card(@Param('invitationId', new ParseUUIDPipe()) invitationId: string) {
    const card = await this.queries.execute(new GetDeliveryCardQuery(invitationId));
    if (!card) {
      throw new NotFoundException();
    }
    return card;
  }
}
