import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { InternalOnly, Public } from '#concerto/http';
import { GetPollCardQuery } from '../../application/queries/get-poll-card/get-poll-card.query.js';

/** Distributed mode: notifications reads what it must write to one poll invitee, by invitation id. */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/invitations')
export class InternalPollCardsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':invitationId/poll-card')
  async pollCard(@Param('invitationId', new ParseUUIDPipe()) invitationId: string) {
    const card = await this.queries.execute(new GetPollCardQuery(invitationId));
    if (!card) {
      throw new NotFoundException();
    }
    return card;
  }
}
