import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { CreatePollDto } from '../../../concertations/interface/http/dto/scheduling.dto.js';
import { CloseDatePollCommand } from '../../application/commands/close-date-poll/close-date-poll.command.js';
import { OpenDatePollCommand } from '../../application/commands/open-date-poll/open-date-poll.command.js';
import { ChooseDatePollOptionCommand } from '../../application/commands/choose-date-poll-option/choose-date-poll-option.command.js';
import { GetDatePollQuery } from '../../application/queries/get-date-poll/get-date-poll.query.js';
import { ListCaseDatePollsQuery } from '../../application/queries/list-case-date-polls/list-case-date-polls.query.js';
import {
  ChooseDatePollOptionDto,
  DatePollChosenDto,
  DatePollDetailDto,
  DatePollListDto,
} from './dto/date-poll-reading.dto.js';
import { PollClosedDto, PollViewDto } from '../../../concertations/interface/http/dto/scheduling.responses.dto.js';

const id404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('concertation')
@ApiBearerAuth()
@Controller('v1')
export class DatePollsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('cases/:caseId/concertations/polls')
  @ApiOperation({ summary: "The case's date polls, latest first, with how many invitees answered" })
  @ApiOkResponse({ type: DatePollListDto })
  listPolls(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new ListCaseDatePollsQuery(caseId, p));
  }

  @Get('polls/:pollId')
  @ApiOperation({ summary: 'A date poll read back: the answers per proposed date, and each invitee’s answers' })
  @ApiOkResponse({ type: DatePollDetailDto })
  getPoll(@CurrentPrincipal() p: Principal, @Param('pollId', id404) pollId: string) {
    return this.queries.execute(new GetDatePollQuery(pollId, p));
  }

  @Post('polls/:pollId/choice')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The coordinator picks the winning date: the poll closes and that date becomes the concertation (same scheduler, same consent gate)',
  })
  @ApiOkResponse({ type: DatePollChosenDto })
  choose(
    @CurrentPrincipal() p: Principal,
    @Param('pollId', id404) pollId: string,
    @Body() body: ChooseDatePollOptionDto,
  ) {
    return this.commands.execute(new ChooseDatePollOptionCommand(pollId, p, body.option));
  }

  @Post('cases/:caseId/concertations/polls')
  @ApiOperation({
    summary: 'Date poll for invitees with unknown availability: yes / if need be / no per date, through a link',
  })
  @ApiCreatedResponse({ type: PollViewDto })
  openPoll(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: CreatePollDto) {
    return this.commands.execute(new OpenDatePollCommand(caseId, p, body));
  }

  @Post('polls/:pollId/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close the poll now; the best date becomes the concertation (the closing date does it automatically)',
  })
  @ApiOkResponse({ type: PollClosedDto })
  closePoll(@CurrentPrincipal() p: Principal, @Param('pollId', id404) pollId: string) {
    return this.commands.execute(new CloseDatePollCommand(pollId, p));
  }
}
