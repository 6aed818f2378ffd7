import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { CorrectCaseDeadlineCommand } from '../../application/commands/correct-case-deadline/correct-case-deadline.command.js';
import { DismissCaseDeadlineCommand } from '../../application/commands/dismiss-case-deadline/dismiss-case-deadline.command.js';
import { SetCaseDeadlineCommand } from '../../application/commands/set-case-deadline/set-case-deadline.command.js';
import { ListCaseDeadlinesQuery } from '../../application/queries/list-case-deadlines/list-case-deadlines.query.js';
import {
  CaseDeadlineDto,
  CaseDeadlinesDto,
  CorrectCaseDeadlineRequestDto,
  SetCaseDeadlineRequestDto,
} from './dto/case-deadline.dto.js';

const idPipe = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases/:caseId/deadlines')
export class CaseDeadlinesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: "The case's deadlines (every state) and the one that steers scheduling now" })
  @ApiOkResponse({ type: CaseDeadlinesDto })
  list(@CurrentPrincipal() principal: Principal, @Param('caseId', idPipe) caseId: string) {
    return this.queries.execute(new ListCaseDeadlinesQuery(caseId, principal));
  }

  @Post()
  @ApiOperation({
    summary: 'Add a dated item to the case',
    description:
      'Coordinators of the bassin and members of the case. A date in the past or more than two years away answers 422; a discharge or release date from a role not entitled to it answers 403.',
  })
  @ApiCreatedResponse({ type: CaseDeadlineDto })
  set(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', idPipe) caseId: string,
    @Body() body: SetCaseDeadlineRequestDto,
  ) {
    return this.commands.execute(new SetCaseDeadlineCommand(caseId, principal, body.kind, body.dueAt));
  }

  @Patch(':deadlineId')
  @ApiOperation({
    summary: "Correct a deadline's date (coordinators of the bassin; audited, old date kept in the timeline)",
  })
  @ApiOkResponse({ type: CaseDeadlineDto })
  correct(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', idPipe) caseId: string,
    @Param('deadlineId', idPipe) deadlineId: string,
    @Body() body: CorrectCaseDeadlineRequestDto,
  ) {
    return this.commands.execute(new CorrectCaseDeadlineCommand(caseId, deadlineId, principal, body.dueAt, body.kind));
  }

  @Post(':deadlineId/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss a deadline: it no longer steers scheduling (coordinators of the bassin; audited)' })
  @ApiOkResponse({ type: CaseDeadlineDto })
  dismiss(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', idPipe) caseId: string,
    @Param('deadlineId', idPipe) deadlineId: string,
  ) {
    return this.commands.execute(new DismissCaseDeadlineCommand(caseId, deadlineId, principal));
  }
}
