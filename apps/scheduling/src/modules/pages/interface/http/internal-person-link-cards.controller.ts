import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { InternalOnly, Public } from '#concerto/http';
import { GetPersonLinkCardQuery } from '../../application/queries/get-person-link-card/get-person-link-card.query.js';

/** Distributed mode: notifications reads the person's link when it sends it (never from an event). */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/person-links')
export class InternalPersonLinkCardsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':personLinkId/card')
  async card(@Param('personLinkId', new ParseUUIDPipe()) personLinkId: string) {
    const card = await this.queries.execute(new GetPersonLinkCardQuery(personLinkId));
    if (!card) {
      throw new NotFoundException();
    }
    return card;
  }
}
