import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { CreatePollDto } from '../../../concertations/interface/http/dto/scheduling.dto.js';
import { CloseDatePollCommand } from '../../application/commands/close-date-poll/close-date-poll.command.js';
import { OpenDatePollCommand } from '../../application/commands/open-date-poll/open-date-poll.command.js';
import { PollClosedDto, PollViewDto } from '../../../concertations/interface/http/dto/scheduling.responses.dto.js';

const id404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('concertation')
@ApiBearerAuth()
@Controller('v1')
export class DatePollsController {
  constructor(private readonly commands: CommandBus) {}

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
