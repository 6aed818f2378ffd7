import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';
import { InternalOnly, Public } from '#concerto/http';
import { CaseAcknowledgementsService } from '../in-process/case-acknowledgements.service.js';
import { CaseAuditService } from '../in-process/case-audit.service.js';

class AcknowledgeOnBehalfDto {
  @IsUUID()
  caseId: string;

  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/)
  coordinatorId: string;

  @IsString()
  @Matches(/^[a-z0-9-]{1,32}$/)
  bassinId: string;

  @IsUUID()
  alertId: string;
}

/** Service-to-service API of the distributed mode (never exposed by the gateway). */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/cases')
export class InternalCasesController {
  constructor(
    private readonly acknowledgements: CaseAcknowledgementsService,
    private readonly audit: CaseAuditService,
  ) {}

  /** Always 200 with the outcome: a refusal is an answer, not a transport failure. */
  @Post('acknowledgements')
  @HttpCode(200)
  acknowledge(@Body() body: AcknowledgeOnBehalfDto) {
    return this.acknowledgements.acknowledgeOnBehalf(body);
  }

  /** Who read or changed the case (the person's own page, in the scheduling service). */
  @Get(':caseId/audit')
  auditTrail(
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) caseId: string,
    @Query('limit', new ParseIntPipe({ optional: true })) limit?: number,
  ) {
    return this.audit.entriesAboutCase(caseId, limit ?? 200);
  }
}
