import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { type Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { AcknowledgeCaseCommand } from '../../application/commands/acknowledge-case/acknowledge-case.command.js';
import { GetCaseQuery, GetCaseTimelineQuery } from '../../application/queries/get-case/get-case.query.js';
import { CaseAcknowledgedDto, CaseFullViewDto, CaseStatusViewDto, CaseTimelineDto } from './dto/case.responses.dto.js';

// An unknown or malformed id is the same answer as a case the caller may not see: 404.
const caseIdPipe = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('cases')
@ApiBearerAuth()
@ApiExtraModels(CaseFullViewDto, CaseStatusViewDto)
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':caseId')
  @ApiOperation({
    summary: 'Read a case',
    description:
      "Coordinators of the case's bassin see the full case; the reporter sees its status and owner; anyone else gets 404.",
  })
  @ApiNotFoundResponse({ description: 'No such case, or not visible to the caller.' })
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(CaseFullViewDto) }, { $ref: getSchemaPath(CaseStatusViewDto) }],
      discriminator: {
        propertyName: 'view',
        mapping: { coordinator: getSchemaPath(CaseFullViewDto), reporter: getSchemaPath(CaseStatusViewDto) },
      },
    },
  })
  get(@CurrentPrincipal() principal: Principal, @Param('caseId', caseIdPipe) caseId: string) {
    return this.queries.execute(new GetCaseQuery(caseId, principal));
  }

  @Get(':caseId/timeline')
  @ApiOperation({ summary: 'The case timeline (reporters see status changes only)' })
  @ApiOkResponse({ type: CaseTimelineDto })
  timeline(@CurrentPrincipal() principal: Principal, @Param('caseId', caseIdPipe) caseId: string) {
    return this.queries.execute(new GetCaseTimelineQuery(caseId, principal));
  }

  @Post(':caseId/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary: "Acknowledge the case: a coordinator of the case's bassin takes ownership and stops the escalation",
  })
  @ApiOkResponse({ type: CaseAcknowledgedDto })
  acknowledge(@CurrentPrincipal() principal: Principal, @Param('caseId', caseIdPipe) caseId: string) {
    return this.commands.execute(new AcknowledgeCaseCommand(caseId, principal));
  }
}
