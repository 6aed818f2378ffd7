import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { RecordAnswerOnBehalfCommand } from '../../application/commands/record-answer-on-behalf/record-answer-on-behalf.command.js';
import { CancelConcertationCommand } from '../../application/commands/cancel-concertation/cancel-concertation.command.js';
import { RescheduleConcertationCommand } from '../../application/commands/reschedule-concertation/reschedule-concertation.command.js';
import { ScheduleConcertationCommand } from '../../application/commands/schedule-concertation/schedule-concertation.command.js';
import { GetConcertationQuery } from '../../application/queries/get-concertation/get-concertation.query.js';
import { ListCaseConcertationsQuery } from '../../application/queries/list-case-concertations/list-case-concertations.query.js';
import { SearchSlotsQuery } from '../../application/queries/search-slots/search-slots.query.js';
import { AnswerOnBehalfDto, ScheduleConcertationDto, SlotSearchDto } from './dto/scheduling.dto.js';
import { MeetingListDto } from './dto/meetings.responses.dto.js';
import { ConcertationScheduledDto, ConcertationViewDto, SlotSearchResultDto } from './dto/scheduling.responses.dto.js';

const id404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('concertation')
@ApiBearerAuth()
@Controller('v1')
export class ConcertationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('cases/:caseId/concertations/slot-search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ranked slots before the case deadline, or why there is none and the best partial options' })
  @ApiOkResponse({ type: SlotSearchResultDto })
  searchSlots(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: SlotSearchDto) {
    return this.queries.execute(new SearchSlotsQuery(caseId, p, body));
  }

  @Post('cases/:caseId/concertations')
  @ApiOperation({ summary: 'Fix a concertation: invitations leave only with consent' })
  @ApiCreatedResponse({ type: ConcertationScheduledDto })
  schedule(
    @CurrentPrincipal() p: Principal,
    @Param('caseId', id404) caseId: string,
    @Body() body: ScheduleConcertationDto,
  ) {
    return this.commands.execute(new ScheduleConcertationCommand(caseId, p, body));
  }

  @Get('cases/:caseId/concertations')
  @ApiOperation({
    summary: "The case's meetings, latest first: status, time, kind of place and the invitation answers counted",
  })
  @ApiOkResponse({ type: MeetingListDto })
  list(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new ListCaseConcertationsQuery(caseId, p));
  }

  @Get('concertations/:id')
  @ApiOkResponse({ type: ConcertationViewDto })
  get(@CurrentPrincipal() p: Principal, @Param('id', id404) id: string) {
    return this.queries.execute(new GetConcertationQuery(id, p));
  }

  @Post('concertations/:id/reschedule')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the meeting: updated invitations with a higher SEQUENCE; earlier answers must be given again',
  })
  @ApiOkResponse({ type: ConcertationViewDto })
  reschedule(@CurrentPrincipal() p: Principal, @Param('id', id404) id: string, @Body() body: ScheduleConcertationDto) {
    return this.commands.execute(new RescheduleConcertationCommand(id, p, body));
  }

  @Post('concertations/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: ConcertationViewDto })
  cancel(@CurrentPrincipal() p: Principal, @Param('id', id404) id: string) {
    return this.commands.execute(new CancelConcertationCommand(id, p));
  }

  @Post('concertations/:id/invitations/:invitationId/answer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the answer an invitee gave by phone, letter or in person (R15): marked and audited as recorded on their behalf',
  })
  @ApiOkResponse({ type: ConcertationViewDto })
  answerOnBehalf(
    @CurrentPrincipal() p: Principal,
    @Param('id', id404) id: string,
    @Param('invitationId', id404) invitationId: string,
    @Body() body: AnswerOnBehalfDto,
  ) {
    return this.commands.execute(
      new RecordAnswerOnBehalfCommand(id, invitationId, p, body.answer, body.channel, body.writtenInput),
    );
  }
}
