import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InternalOnly, Public } from '#concerto/http';
import { InvitationCardsService } from '../../invitation-cards.service.js';

/** Distributed mode: notifications reads what it must write to one invitee, by invitation id. */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/invitations')
export class InternalSchedulingController {
  constructor(private readonly cards: InvitationCardsService) {}

  @Get(':invitationId/poll-card')
  async pollCard(@Param('invitationId', new ParseUUIDPipe()) invitationId: string) {
    const card = await this.cards.pollCard(invitationId);
    if (!card) {
      throw new NotFoundException();
    }
    return card;
  }

  @Get(':invitationId/delivery-card')
  async card(@Param('invitationId', new ParseUUIDPipe()) invitationId: string) {
    const card = await this.cards.deliveryCard(invitationId);
    if (!card) {
      throw new NotFoundException();
    }
    return card;
  }
}
