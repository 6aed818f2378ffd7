import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal, problem, ProblemException, Public } from '#concerto/http';
import { AvailabilityService } from '../../modules/availability/application/availability.service.js';
import { AddParticipantCommand } from '../../modules/care-team/application/commands/add-participant/add-participant.command.js';
import { UpdateParticipantCommand } from '../../modules/care-team/application/commands/update-participant/update-participant.command.js';
import { ListParticipantsQuery } from '../../modules/care-team/application/queries/list-participants/list-participants.query.js';
import { AnswerInvitationCommand } from '../../modules/concertations/application/commands/answer-invitation/answer-invitation.command.js';
import { CancelConcertationCommand } from '../../modules/concertations/application/commands/cancel-concertation/cancel-concertation.command.js';
import { RescheduleConcertationCommand } from '../../modules/concertations/application/commands/reschedule-concertation/reschedule-concertation.command.js';
import { ScheduleConcertationCommand } from '../../modules/concertations/application/commands/schedule-concertation/schedule-concertation.command.js';
import { GetAnswerLinkQuery } from '../../modules/concertations/application/queries/get-answer-link/get-answer-link.query.js';
import { GetConcertationQuery } from '../../modules/concertations/application/queries/get-concertation/get-concertation.query.js';
import { SearchSlotsQuery } from '../../modules/concertations/application/queries/search-slots/search-slots.query.js';
import { RecordConsentCommand } from '../../modules/consent/application/commands/record-consent/record-consent.command.js';
import { GetConsentQuery } from '../../modules/consent/application/queries/get-consent/get-consent.query.js';
import { AnswerDatePollCommand } from '../../modules/polls/application/commands/answer-date-poll/answer-date-poll.command.js';
import { CloseDatePollCommand } from '../../modules/polls/application/commands/close-date-poll/close-date-poll.command.js';
import { OpenDatePollCommand } from '../../modules/polls/application/commands/open-date-poll/open-date-poll.command.js';
import { GetPollLinkQuery } from '../../modules/polls/application/queries/get-poll-link/get-poll-link.query.js';
import { parseIcalBusy } from '../../modules/slots/domain/ical-freebusy.parser.js';
import {
  AddParticipantDto,
  AddRoomDto,
  CreatePollDto,
  PollAnswersDto,
  RecordConsentDto,
  ReplaceBusyDto,
  RsvpAnswerDto,
  ScheduleConcertationDto,
  SlotSearchDto,
  UpdateParticipantDto,
  WeeklyHoursDto,
} from './dto/scheduling.dto.js';

const id404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('concertation')
@ApiBearerAuth()
@Controller('v1')
export class SchedulingController {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('cases/:caseId/concertations/polls')
  @ApiOperation({ summary: 'Date poll for invitees with unknown availability: yes / if need be / no per date, through a link' })
  openPoll(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: CreatePollDto) {
    return this.commands.execute(new OpenDatePollCommand(caseId, p, body));
  }

  @Post('polls/:pollId/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the poll now; the best date becomes the concertation (the closing date does it automatically)' })
  closePoll(@CurrentPrincipal() p: Principal, @Param('pollId', id404) pollId: string) {
    return this.commands.execute(new CloseDatePollCommand(pollId, p));
  }

  @Post('cases/:caseId/consent')
  @HttpCode(200)
  @ApiOperation({ summary: "Record the person's consent (or refusal, revocation, or a reasoned emergency exception)" })
  recordConsent(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: RecordConsentDto) {
    return this.commands.execute(new RecordConsentCommand(caseId, p, body));
  }

  @Get('cases/:caseId/consent')
  getConsent(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new GetConsentQuery(caseId, p));
  }

  @Get('cases/:caseId/participants')
  @ApiOperation({ summary: 'The care team: the person (by default), professionals and informal participants' })
  listParticipants(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new ListParticipantsQuery(caseId, p));
  }

  @Post('cases/:caseId/participants')
  @ApiOperation({ summary: 'Add a professional from the directory or an informal participant (never listed in the directory)' })
  addParticipant(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: AddParticipantDto) {
    return this.commands.execute(new AddParticipantCommand(caseId, p, body));
  }

  @Patch('cases/:caseId/participants/:participantId')
  updateParticipant(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Param('participantId', id404) participantId: string, @Body() body: UpdateParticipantDto) {
    return this.commands.execute(new UpdateParticipantCommand(caseId, participantId, p, body));
  }

  @Put('calendars/:ownerId/weekly-hours')
  @ApiOperation({ summary: "A professional's weekly working hours (Europe/Brussels local time)" })
  setWeeklyHours(@CurrentPrincipal() p: Principal, @Param('ownerId') ownerId: string, @Body() body: WeeklyHoursDto) {
    return this.availability.setWeeklyHours(ownerId, p, { ...body });
  }

  @Put('calendars/:ownerId/busy')
  @ApiOperation({ summary: 'Replace the busy blocks entered through the API' })
  async replaceBusy(@CurrentPrincipal() p: Principal, @Param('ownerId') ownerId: string, @Body() body: ReplaceBusyDto) {
    const count = await this.availability.replaceBusy(ownerId, p, body.blocks.map((b) => ({ start: new Date(b.start), end: new Date(b.end) })), 'api');
    return { imported: count };
  }

  @Put('calendars/:ownerId/busy.ics')
  @ApiOperation({ summary: 'Import busy time from an iCalendar file (VFREEBUSY or VEVENT); replaces the previous import' })
  async importIcal(@CurrentPrincipal() p: Principal, @Param('ownerId') ownerId: string, @Body() body: unknown, @Headers('content-type') type?: string) {
    if (typeof body !== 'string' || !/^text\/calendar/.test(type ?? '')) {
      throw new ProblemException(problem(415, 'unsupported-media-type', 'Send the calendar as text/calendar.'));
    }
    const count = await this.availability.replaceBusy(ownerId, p, parseIcalBusy(body), 'ical');
    return { imported: count };
  }

  @Get('bassins/:bassinId/rooms')
  rooms(@Param('bassinId') bassinId: string) {
    return this.availability.rooms(bassinId);
  }

  @Post('bassins/:bassinId/rooms')
  addRoom(@CurrentPrincipal() p: Principal, @Param('bassinId') bassinId: string, @Body() body: AddRoomDto) {
    return this.availability.addRoom(bassinId, p, body);
  }

  @Post('cases/:caseId/concertations/slot-search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ranked slots before the case deadline, or why there is none and the best partial options' })
  searchSlots(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: SlotSearchDto) {
    return this.queries.execute(new SearchSlotsQuery(caseId, p, body));
  }

  @Post('cases/:caseId/concertations')
  @ApiOperation({ summary: 'Fix a concertation: invitations leave only with consent' })
  schedule(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: ScheduleConcertationDto) {
    return this.commands.execute(new ScheduleConcertationCommand(caseId, p, body));
  }

  @Get('concertations/:id')
  get(@CurrentPrincipal() p: Principal, @Param('id', id404) id: string) {
    return this.queries.execute(new GetConcertationQuery(id, p));
  }

  @Post('concertations/:id/reschedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the meeting: updated invitations with a higher SEQUENCE; earlier answers must be given again' })
  reschedule(@CurrentPrincipal() p: Principal, @Param('id', id404) id: string, @Body() body: ScheduleConcertationDto) {
    return this.commands.execute(new RescheduleConcertationCommand(id, p, body));
  }

  @Post('concertations/:id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() p: Principal, @Param('id', id404) id: string) {
    return this.commands.execute(new CancelConcertationCommand(id, p));
  }
}

/** Poll answer links work without an account, like the invitation answers. */
@ApiTags('concertation')
@Controller('v1/polls/answers')
export class PollAnswersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get(':token')
  info(@Param('token') token: string) {
    return this.queries.execute(new GetPollLinkQuery(token));
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  answer(@Param('token') token: string, @Body() body: PollAnswersDto) {
    return this.commands.execute(new AnswerDatePollCommand(token, body.answers));
  }
}

/** Answer links work without an account: the signed, expiring, single-purpose token is the credential. */
@ApiTags('concertation')
@Controller('v1/rsvp')
export class RsvpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get(':token')
  @ApiOperation({ summary: 'What the link does and for which meeting (opening it changes nothing)' })
  info(@Param('token') token: string) {
    return this.queries.execute(new GetAnswerLinkQuery(token));
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the answer of the link: accept, decline, or written input' })
  answer(@Param('token') token: string, @Body() body: RsvpAnswerDto) {
    return this.commands.execute(new AnswerInvitationCommand(token, body.writtenInput));
  }
}
