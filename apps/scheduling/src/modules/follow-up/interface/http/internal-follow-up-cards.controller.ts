import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { InternalOnly, Public } from '#concerto/http';
import { GetActionItemCardQuery } from '../../application/queries/get-action-item-card/get-action-item-card.query.js';
import { GetRecordSummaryCardQuery } from '../../application/queries/get-record-summary-card/get-record-summary-card.query.js';

/** Distributed mode: notifications reads what it tells an item's owner and the person's easy-read summary. */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1')
export class InternalFollowUpCardsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('action-items/:itemId/card')
  async actionItem(@Param('itemId', new ParseUUIDPipe()) itemId: string) {
    return found(await this.queries.execute(new GetActionItemCardQuery(itemId)));
  }

  @Get('records/:recordId/summary-card')
  async recordSummary(@Param('recordId', new ParseUUIDPipe()) recordId: string) {
    return found(await this.queries.execute(new GetRecordSummaryCardQuery(recordId)));
  }
}

function found<T>(card: T | undefined): T {
  if (!card) {
    throw new NotFoundException();
  }
  return card;
}
