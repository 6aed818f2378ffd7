import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ANSWER_LINK_RATE_LIMIT, Public, RateLimit } from '#concerto/http';
import { PollAnswersDto } from '../../../concertations/interface/http/dto/scheduling.dto.js';
import { AnswerDatePollCommand } from '../../application/commands/answer-date-poll/answer-date-poll.command.js';
import { GetPollLinkQuery } from '../../application/queries/get-poll-link/get-poll-link.query.js';
import {
  PollAnsweredDto,
  PollLinkInfoDto,
} from '../../../concertations/interface/http/dto/scheduling.responses.dto.js';

/** Poll answer links work without an account, like the invitation answers. */
@ApiTags('concertation')
@RateLimit(ANSWER_LINK_RATE_LIMIT)
@Controller('v1/polls/answers')
export class PollAnswersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get(':token')
  @ApiOkResponse({ type: PollLinkInfoDto })
  info(@Param('token') token: string) {
    return this.queries.execute(new GetPollLinkQuery(token));
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  @ApiOkResponse({ type: PollAnsweredDto })
  answer(@Param('token') token: string, @Body() body: PollAnswersDto) {
    return this.commands.execute(new AnswerDatePollCommand(token, body.answers));
  }
}
