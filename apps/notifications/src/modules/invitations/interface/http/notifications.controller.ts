import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type Principal } from '#concerto/auth';
import { ApiProblemResponses, CurrentPrincipal } from '#concerto/http';
import { MarkLetterPostedCommand } from '../../application/commands/mark-letter-posted/mark-letter-posted.command.js';
import { RecordCallOutcomeCommand } from '../../application/commands/record-call-outcome/record-call-outcome.command.js';
import { GetTaskLetterQuery } from '../../application/queries/get-task-letter/get-task-letter.query.js';
import { ListCoordinatorTasksQuery } from '../../application/queries/list-coordinator-tasks/list-coordinator-tasks.query.js';
import { ListDevMailboxQuery } from '../../application/queries/list-dev-mailbox/list-dev-mailbox.query.js';
import { ReadDevMailboxMessageQuery } from '../../application/queries/read-dev-mailbox-message/read-dev-mailbox-message.query.js';
import { RecordCallDto } from './dto/coordinator-tasks.dto.js';
import {
  CoordinatorTaskListDto,
  CoordinatorTaskViewDto,
  DevMailboxListDto,
} from './dto/notifications.responses.dto.js';

const id404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('concertation')
@ApiBearerAuth()
@Controller('v1/cases')
export class CoordinatorTasksController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get(':caseId/tasks')
  @ApiOperation({
    summary:
      "The coordinator's tasks for the case's invitations: letters to post, calls, substitutes to find, invitees who did not answer",
  })
  @ApiOkResponse({ type: CoordinatorTaskListDto })
  list(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new ListCoordinatorTasksQuery(caseId, p));
  }

  @Get(':caseId/tasks/:taskId/letter')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The printable letter of a post-letter or phone-call task (HTML, in the invitee’s language)',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'The letter, ready to print.',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async letter(
    @CurrentPrincipal() p: Principal,
    @Param('caseId', id404) caseId: string,
    @Param('taskId', id404) taskId: string,
  ) {
    const letter = await this.queries.execute(new GetTaskLetterQuery(caseId, taskId, p));
    return new StreamableFile(letter.body, { type: letter.contentType });
  }

  @Post(':caseId/tasks/:taskId/letter-posted')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark the letter of an open post-letter task as posted: the task is done, with who closed it (audited)',
  })
  @ApiOkResponse({ type: CoordinatorTaskViewDto })
  @ApiProblemResponses(404, 409)
  letterPosted(
    @CurrentPrincipal() p: Principal,
    @Param('caseId', id404) caseId: string,
    @Param('taskId', id404) taskId: string,
  ) {
    return this.commands.execute(new MarkLetterPostedCommand(caseId, taskId, p));
  }

  @Post(':caseId/tasks/:taskId/calls')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record a call made for an open phone-call task, with its outcome: counted and audited; reached, wrong number or refused close the task',
  })
  @ApiOkResponse({ type: CoordinatorTaskViewDto })
  @ApiProblemResponses(400, 404, 409)
  recordCall(
    @CurrentPrincipal() p: Principal,
    @Param('caseId', id404) caseId: string,
    @Param('taskId', id404) taskId: string,
    @Body() body: RecordCallDto,
  ) {
    return this.commands.execute(new RecordCallOutcomeCommand(caseId, taskId, body.outcome, p));
  }
}

/**
 * Development only (404 unless DEV_MAILBOX=true and no SMTP_URL): what the development sinks
 * captured, for a person to read. Admins read every message, coordinators those of their
 * bassins' cases; every read is audited.
 */
@ApiTags('development')
@ApiBearerAuth()
// No role guard: DevMailboxReaders decides per message (admin, or a coordinator of the case's bassin)
// and audits every refusal, which a role guard's bare 403 would not.
@Controller('v1/dev/mailbox')
export class DevMailboxController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary:
      "Messages captured by the development mailbox (e-mails, text messages, letters) that the caller may read: all for an admin, those of the caller's bassins' cases for a coordinator; only with DEV_MAILBOX=true and no SMTP_URL",
  })
  @ApiOkResponse({ type: DevMailboxListDto })
  @ApiProblemResponses(404)
  list(@CurrentPrincipal() p: Principal) {
    return this.queries.execute(new ListDevMailboxQuery(p));
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'One captured message: an e-mail as message/rfc822 (.eml), a letter as HTML, a text message as JSON',
  })
  @ApiOkResponse({
    description: 'The raw message.',
    content: {
      'message/rfc822': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      'application/json': { schema: { type: 'object' } },
    },
  })
  @ApiProblemResponses(404)
  async read(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    const message = await this.queries.execute(new ReadDevMailboxMessageQuery(id, p));
    return new StreamableFile(Buffer.from(message.body), { type: message.contentType });
  }
}
