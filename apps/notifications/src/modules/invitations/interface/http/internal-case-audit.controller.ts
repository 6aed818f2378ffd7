import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InternalOnly, Public } from '#concerto/http';
import { NotificationsCaseAuditService } from '../in-process/case-audit.service.js';

/** Service-to-service API of the distributed mode (never exposed by the gateway). */
@ApiExcludeController()
@Public()
@InternalOnly()
@Controller('internal/v1/notifications/cases')
export class InternalCaseAuditController {
  constructor(private readonly audit: NotificationsCaseAuditService) {}

  /** Who read the case’s letters, calls or messages (the person's own page, in the scheduling service). */
  @Get(':caseId/audit')
  auditTrail(
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) caseId: string,
    @Query('limit', new ParseIntPipe({ optional: true })) limit?: number,
  ) {
    return this.audit.entriesAboutCase(caseId, limit ?? 200);
  }
}
