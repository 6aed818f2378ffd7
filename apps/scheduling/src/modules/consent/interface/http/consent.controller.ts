import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { RecordConsentDto } from '../../../concertations/interface/http/dto/scheduling.dto.js';
import { RecordConsentCommand } from '../../application/commands/record-consent/record-consent.command.js';
import { GetConsentQuery } from '../../application/queries/get-consent/get-consent.query.js';
import { GetConsentHistoryQuery } from '../../application/queries/get-consent-history/get-consent-history.query.js';
import {
  ConsentHistoryDto,
  ConsentViewDto,
} from '../../../concertations/interface/http/dto/scheduling.responses.dto.js';

const id404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('concertation')
@ApiBearerAuth()
@Controller('v1')
export class ConsentController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('cases/:caseId/consent')
  @HttpCode(200)
  @ApiOperation({ summary: "Record the person's consent (or refusal, revocation, or a reasoned emergency exception)" })
  @ApiOkResponse({ type: ConsentViewDto })
  recordConsent(
    @CurrentPrincipal() p: Principal,
    @Param('caseId', id404) caseId: string,
    @Body() body: RecordConsentDto,
  ) {
    return this.commands.execute(new RecordConsentCommand(caseId, p, body));
  }

  @Get('cases/:caseId/consent')
  @ApiOkResponse({ type: ConsentViewDto })
  getConsent(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new GetConsentQuery(caseId, p));
  }

  @Get('cases/:caseId/consent/history')
  @ApiOperation({
    summary: "Every change of the person's consent, oldest first, with its time and author (coordinators only)",
  })
  @ApiOkResponse({ type: ConsentHistoryDto })
  getConsentHistory(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new GetConsentHistoryQuery(caseId, p));
  }
}
