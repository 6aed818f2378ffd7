import { Body, Controller, Get, Headers, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal, problem, ProblemException, RateLimit } from '#concerto/http';
import {
  AddRoomDto,
  ReplaceBusyDto,
  WeeklyHoursDto,
} from '../../../concertations/interface/http/dto/scheduling.dto.js';
import { AddRoomCommand } from '../../application/commands/add-room/add-room.command.js';
import { ImportCalendarCommand } from '../../application/commands/import-calendar/import-calendar.command.js';
import { ReplaceBusyBlocksCommand } from '../../application/commands/replace-busy-blocks/replace-busy-blocks.command.js';
import { SetWeeklyHoursCommand } from '../../application/commands/set-weekly-hours/set-weekly-hours.command.js';
import { ListRoomsQuery } from '../../application/queries/list-rooms/list-rooms.query.js';
import {
  BusyImportedDto,
  CalendarImportedDto,
  RoomViewDto,
  WeeklyHoursViewDto,
} from '../../../concertations/interface/http/dto/scheduling.responses.dto.js';

@ApiTags('concertation')
@ApiBearerAuth()
@Controller('v1')
export class AvailabilityController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put('calendars/:ownerId/weekly-hours')
  @ApiOperation({ summary: "A professional's weekly working hours (Europe/Brussels local time)" })
  @ApiOkResponse({ type: WeeklyHoursViewDto })
  setWeeklyHours(@CurrentPrincipal() p: Principal, @Param('ownerId') ownerId: string, @Body() body: WeeklyHoursDto) {
    return this.commands.execute(new SetWeeklyHoursCommand(ownerId, p, { ...body }));
  }

  @Put('calendars/:ownerId/busy')
  @ApiOperation({ summary: 'Replace the busy blocks entered through the API' })
  @ApiOkResponse({ type: BusyImportedDto })
  async replaceBusy(@CurrentPrincipal() p: Principal, @Param('ownerId') ownerId: string, @Body() body: ReplaceBusyDto) {
    const count = await this.commands.execute(
      new ReplaceBusyBlocksCommand(
        ownerId,
        p,
        body.blocks.map((b) => ({ start: new Date(b.start), end: new Date(b.end) })),
        'api',
      ),
    );
    return { imported: count };
  }

  @Put('calendars/:ownerId/busy.ics')
  @RateLimit({
    bucket: 'calendar-import',
    limit: (config) => config.CALENDAR_IMPORT_RATE_LIMIT_PER_MINUTE,
    windowMs: 60_000,
  })
  @ApiOperation({
    summary: 'Import busy time from an iCalendar file (VFREEBUSY or VEVENT); replaces the previous import',
    description:
      'Recurring events are expanded from now to `window.end`; `warnings` lists the events that were skipped, and why.',
  })
  @ApiConsumes('text/calendar')
  @ApiBody({ schema: { type: 'string', minLength: 1, description: 'An iCalendar file (VFREEBUSY or VEVENT).' } })
  @ApiOkResponse({ type: CalendarImportedDto })
  async importIcal(
    @CurrentPrincipal() p: Principal,
    @Param('ownerId') ownerId: string,
    @Body() body: unknown,
    @Headers('content-type') type?: string,
  ) {
    if (typeof body !== 'string' || !/^text\/calendar/.test(type ?? '')) {
      throw new ProblemException(problem(415, 'unsupported-media-type', 'Send the calendar as text/calendar.'));
    }
    return this.commands.execute(new ImportCalendarCommand(ownerId, p, body));
  }

  @Get('bassins/:bassinId/rooms')
  @ApiOkResponse({ type: [RoomViewDto] })
  rooms(@Param('bassinId') bassinId: string) {
    return this.queries.execute(new ListRoomsQuery(bassinId));
  }

  @Post('bassins/:bassinId/rooms')
  @ApiCreatedResponse({ type: RoomViewDto })
  addRoom(@CurrentPrincipal() p: Principal, @Param('bassinId') bassinId: string, @Body() body: AddRoomDto) {
    return this.commands.execute(new AddRoomCommand(bassinId, p, body));
  }
}
