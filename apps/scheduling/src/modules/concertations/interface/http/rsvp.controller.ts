import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANSWER_LINK_RATE_LIMIT, Public, RateLimit } from '#concerto/http';
import { AnswerInvitationCommand } from '../../application/commands/answer-invitation/answer-invitation.command.js';
import { GetAnswerLinkQuery } from '../../application/queries/get-answer-link/get-answer-link.query.js';
import { RsvpAnswerDto } from './dto/scheduling.dto.js';
import { RsvpAnsweredDto, RsvpInfoDto } from './dto/scheduling.responses.dto.js';

/** Answer links work without an account: the signed, expiring, single-purpose token is the credential. */
@ApiTags('concertation')
@RateLimit(ANSWER_LINK_RATE_LIMIT)
@Controller('v1/rsvp')
export class RsvpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get(':token')
  @ApiOperation({ summary: 'What the link does and for which meeting (opening it changes nothing)' })
  @ApiOkResponse({ type: RsvpInfoDto })
  info(@Param('token') token: string) {
    return this.queries.execute(new GetAnswerLinkQuery(token));
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the answer of the link: accept, decline, or written input' })
  @ApiOkResponse({ type: RsvpAnsweredDto })
  answer(@Param('token') token: string, @Body() body: RsvpAnswerDto) {
    return this.commands.execute(new AnswerInvitationCommand(token, body.writtenInput));
  }
}
