import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { AddParticipantDto, UpdateParticipantDto } from '../../../concertations/interface/http/dto/scheduling.dto.js';
import { AddParticipantCommand } from '../../application/commands/add-participant/add-participant.command.js';
import { UpdateParticipantCommand } from '../../application/commands/update-participant/update-participant.command.js';
import { ListParticipantsQuery } from '../../application/queries/list-participants/list-participants.query.js';
import {
  ParticipantAddedDto,
  ParticipantListDto,
  ParticipantViewDto,
} from '../../../concertations/interface/http/dto/scheduling.responses.dto.js';

const id404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('concertation')
@ApiBearerAuth()
@Controller('v1')
export class CareTeamController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('cases/:caseId/participants')
  @ApiOperation({ summary: 'The care team: the person (by default), professionals and informal participants' })
  @ApiOkResponse({ type: ParticipantListDto })
  listParticipants(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new ListParticipantsQuery(caseId, p));
  }

  @Post('cases/:caseId/participants')
  @ApiOperation({
    summary: 'Add a professional from the directory or an informal participant (never listed in the directory)',
  })
  @ApiCreatedResponse({ type: ParticipantAddedDto })
  addParticipant(
    @CurrentPrincipal() p: Principal,
    @Param('caseId', id404) caseId: string,
    @Body() body: AddParticipantDto,
  ) {
    return this.commands.execute(new AddParticipantCommand(caseId, p, body));
  }

  @Patch('cases/:caseId/participants/:participantId')
  @ApiOkResponse({ type: ParticipantViewDto })
  updateParticipant(
    @CurrentPrincipal() p: Principal,
    @Param('caseId', id404) caseId: string,
    @Param('participantId', id404) participantId: string,
    @Body() body: UpdateParticipantDto,
  ) {
    return this.commands.execute(new UpdateParticipantCommand(caseId, participantId, p, body));
  }
}
