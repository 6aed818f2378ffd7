import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal, problem, ProblemException, Public } from '#concerto/http';
import { AvailabilityService } from '../../modules/availability/application/availability.service.js';
import { CareTeamService } from '../../modules/care-team/application/care-team.service.js';
import { ConcertationService } from '../../modules/concertations/application/concertation.service.js';
import { ConsentService } from '../../modules/consent/application/consent.service.js';
import { PollService } from '../../modules/polls/application/poll.service.js';
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
    private readonly consents: ConsentService,
    private readonly team: CareTeamService,
    private readonly availability: AvailabilityService,
    private readonly concertations: ConcertationService,
    private readonly polls: PollService,
  ) {}

  @Post('cases/:caseId/concertations/polls')
  @ApiOperation({ summary: 'Date poll for invitees with unknown availability: yes / if need be / no per date, through a link' })
  openPoll(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: CreatePollDto) {
    return this.polls.create(caseId, p, body);
  }

  @Post('polls/:pollId/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the poll now; the best date becomes the concertation (the closing date does it automatically)' })
  closePoll(@CurrentPrincipal() p: Principal, @Param('pollId', id404) pollId: string) {
    return this.polls.closeNow(pollId, p);
  }

  @Post('cases/:caseId/consent')
  @HttpCode(200)
  @ApiOperation({ summary: "Record the person's consent (or refusal, revocation, or a reasoned emergency exception)" })
  recordConsent(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: RecordConsentDto) {
    return this.consents.record(caseId, p, body);
  }

  @Get('cases/:caseId/consent')
  getConsent(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.consents.get(caseId, p);
  }

  @Get('cases/:caseId/participants')
  @ApiOperation({ summary: 'The care team: the person (by default), professionals and informal participants' })
  listParticipants(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.team.listFor(caseId, p);
  }

  @Post('cases/:caseId/participants')
  @ApiOperation({ summary: 'Add a professional from the directory or an informal participant (never listed in the directory)' })
  addParticipant(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: AddParticipantDto) {
    return this.team.add(caseId, p, body);
  }

  @Patch('cases/:caseId/participants/:participantId')
  updateParticipant(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Param('participantId', id404) participantId: string, @Body() body: UpdateParticipantDto) {
    return this.team.update(caseId, participantId, p, body);
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
  @ApiOperation({
    summary: 'Import busy time from an iCalendar file (VFREEBUSY or VEVENT); replaces the previous import',
    description: 'Recurring events are expanded from now to `window.end`; `warnings` lists the events that were skipped, and why.',
  })
  async importIcal(@CurrentPrincipal() p: Principal, @Param('ownerId') ownerId: string, @Body() body: unknown, @Headers('content-type') type?: string) {
    if (typeof body !== 'string' || !/^text\/calendar/.test(type ?? '')) {
      throw new ProblemException(problem(415, 'unsupported-media-type', 'Send the calendar as text/calendar.'));
    }
    return this.availability.importCalendar(ownerId, p, body);
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
    return this.concertations.searchSlots(caseId, p, body);
  }

  @Post('cases/:caseId/concertations')
  @ApiOperation({ summary: 'Fix a concertation: invitations leave only with consent' })
  schedule(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: ScheduleConcertationDto) {
    return this.concertations.schedule(caseId, p, body);
  }

  @Get('concertations/:id')
  get(@CurrentPrincipal() p: Principal, @Param('id', id404) id: string) {
    return this.concertations.get(id, p);
  }

  @Post('concertations/:id/reschedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the meeting: updated invitations with a higher SEQUENCE; earlier answers must be given again' })
  reschedule(@CurrentPrincipal() p: Principal, @Param('id', id404) id: string, @Body() body: ScheduleConcertationDto) {
    return this.concertations.reschedule(id, p, body);
  }

  @Post('concertations/:id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() p: Principal, @Param('id', id404) id: string) {
    return this.concertations.cancel(id, p);
  }
}

/** Poll answer links work without an account, like the invitation answers. */
@ApiTags('concertation')
@Controller('v1/polls/answers')
export class PollAnswersController {
  constructor(private readonly polls: PollService) {}

  @Public()
  @Get(':token')
  info(@Param('token') token: string) {
    return this.polls.linkInfo(token);
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  answer(@Param('token') token: string, @Body() body: PollAnswersDto) {
    return this.polls.answer(token, body.answers);
  }
}

/** Answer links work without an account: the signed, expiring, single-purpose token is the credential. */
@ApiTags('concertation')
@Controller('v1/rsvp')
export class RsvpController {
  constructor(private readonly concertations: ConcertationService) {}

  @Public()
  @Get(':token')
  @ApiOperation({ summary: 'What the link does and for which meeting (opening it changes nothing)' })
  info(@Param('token') token: string) {
    return this.concertations.rsvpInfo(token);
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the answer of the link: accept, decline, or written input' })
  answer(@Param('token') token: string, @Body() body: RsvpAnswerDto) {
    return this.concertations.rsvpAnswer(token, body.writtenInput);
  }
}
