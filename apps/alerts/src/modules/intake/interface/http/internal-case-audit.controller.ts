import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InternalOnly, Public } from '#concerto/http';
import { AlertsCaseAuditService } from '../in-process/case-audit.service.js';

/** Service-to-service API of the distributed mode (never exposed by the gateway). */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/alerts/cases')
export class InternalCaseAuditController {
  constructor(private readonly audit: AlertsCaseAuditService) {}

  /** Who read the case's alerts or raised one about its person (the person's own page, in the scheduling service). */
  @Get(':caseId/audit')
  auditTrail(
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) caseId: string,
    @Query('limit', new ParseIntPipe({ optional: true })) limit?: number,
  ) {
    return this.audit.entriesAboutCase(caseId, limit ?? 200);
  }
}
