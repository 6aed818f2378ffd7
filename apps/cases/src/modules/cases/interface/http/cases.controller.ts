import {
  Body,
  Controller,
  Get,
  HttpCode,
  type MessageEvent,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Sse,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExcludeEndpoint,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { map, type Observable, startWith } from 'rxjs';
import { type Principal } from '#concerto/auth';
import { ApiProblemResponses, CurrentPrincipal, problem, ProblemException } from '#concerto/http';
import { AcknowledgeCaseCommand } from '../../application/commands/acknowledge-case/acknowledge-case.command.js';
import { CloseCaseCommand } from '../../application/commands/close-case/close-case.command.js';
import { ConfirmCaseBassinCommand } from '../../application/commands/confirm-case-bassin/confirm-case-bassin.command.js';
import { ReopenCaseCommand } from '../../application/commands/reopen-case/reopen-case.command.js';
import { TransferCaseCommand } from '../../application/commands/transfer-case/transfer-case.command.js';
import { GetCaseQuery, GetCaseTimelineQuery } from '../../application/queries/get-case/get-case.query.js';
import { ListCasesQuery } from '../../application/queries/list-cases/list-cases.query.js';
import { decodeCursor } from '../../application/queries/list-cases/worklist-cursor.js';
import { WatchWorklistQuery } from '../../application/queries/watch-worklist/watch-worklist.query.js';
import type { WorklistChange } from '../../application/worklist-feed.js';
import {
  AcknowledgeCaseRequestDto,
  CloseCaseRequestDto,
  ConfirmCaseBassinRequestDto,
  ListCasesRequestDto,
  ReopenCaseRequestDto,
  TransferCaseRequestDto,
  WorklistStreamRequestDto,
} from './dto/case.requests.dto.js';
import {
  CaseAcknowledgedDto,
  CaseFullViewDto,
  CaseLifecycleDto,
  CaseStatusViewDto,
  CaseTimelineDto,
  WorklistDto,
} from './dto/case.responses.dto.js';

// An unknown or malformed id is the same answer as a case the caller may not see: 404.
const caseIdPipe = new ParseUUIDPipe({ errorHttpStatusCode: 404 });
const DEFAULT_PAGE = 50;

const flag = (value: 'true' | 'false' | undefined) => (value === undefined ? undefined : value === 'true');

@ApiTags('cases')
@ApiBearerAuth()
@ApiExtraModels(CaseFullViewDto, CaseStatusViewDto)
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The worklist: the cases the caller may see, urgent first, then by the earliest due time',
    description:
      "A bassin's coordinators and lead see their bassins' cases, an administrator every bassin; anyone else gets 403. " +
      'Cursor pagination (`nextCursor`), counts per bucket. Every read is audited.',
  })
  @ApiOkResponse({ type: WorklistDto })
  // A cursor this worklist never returned.
  @ApiProblemResponses(422)
  list(@CurrentPrincipal() principal: Principal, @Query() q: ListCasesRequestDto) {
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (q.cursor !== undefined && !after) {
      // Well-formed text that this worklist never returned: an unusable value (422), not a malformed request.
      throw new ProblemException(
        problem(422, 'invalid-cursor', 'The cursor is not one this worklist returned.', {
          errors: [{ field: 'cursor', reason: 'not a cursor this worklist returned' }],
        }),
      );
    }
    return this.queries.execute(
      new ListCasesQuery(principal, {
        bassin: q.bassin,
        status: q.status,
        urgency: q.urgency,
        ownerIsMe: q.owner === 'me',
        hasUnacknowledgedSignals: flag(q.hasUnacknowledgedSignals),
        overdue: flag(q.overdue),
        deadlineBefore: q.deadlineBefore ? new Date(q.deadlineBefore) : undefined,
        needsBassinConfirmation: flag(q.needsBassinConfirmation),
        limit: q.limit ?? DEFAULT_PAGE,
        after,
      }),
    );
  }

  /**
   * Server-Sent Events: one `case` event per change of a case in the caller's worklist (ids and
   * statuses only), after a `ready` event. Left out of the OpenAPI description: a stream never ends,
   * which a request/response description (and its fuzzer) cannot say; see apps/cases/README.md.
   */
  @Sse('stream')
  @ApiExcludeEndpoint()
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Query() q: WorklistStreamRequestDto,
  ): Promise<Observable<MessageEvent>> {
    const changes: Observable<WorklistChange> = await this.queries.execute(new WatchWorklistQuery(principal, q.bassin));
    return changes.pipe(
      map((change): MessageEvent => ({ type: 'case', data: change })),
      startWith<MessageEvent>({ type: 'ready', data: { bassin: q.bassin ?? null } }),
    );
  }

  @Get(':caseId')
  @ApiOperation({
    summary: 'Read a case',
    description:
      "Coordinators of the case's bassin see the full case, its unacknowledged signals included; the reporter sees its status and owner; anyone else gets 404.",
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
  @ApiOperation({ summary: 'The case timeline (reporters see status changes only; coordinators also get each signal)' })
  @ApiOkResponse({ type: CaseTimelineDto })
  timeline(@CurrentPrincipal() principal: Principal, @Param('caseId', caseIdPipe) caseId: string) {
    return this.queries.execute(new GetCaseTimelineQuery(caseId, principal));
  }

  @Post(':caseId/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Acknowledge signals of the case: a coordinator of the case's bassin takes ownership and stops their escalation",
    description:
      '`{}` acknowledges every pending signal; `signalIds` names the ones covered. Nothing pending, or a named signal ' +
      'already acknowledged: 409. A named signal the case does not have: 404. Returns what was acknowledged.',
  })
  @ApiOkResponse({ type: CaseAcknowledgedDto })
  acknowledge(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: AcknowledgeCaseRequestDto,
  ) {
    return this.commands.execute(new AcknowledgeCaseCommand(caseId, principal, body.signalIds));
  }

  @Post(':caseId/close')
  @HttpCode(200)
  @ApiOperation({
    summary: "Close a case: a coordinator of the case's bassin, with an outcome from the controlled list",
    description:
      'Only ever by hand: no automated rule closes a case or lowers its priority (R25). The reason is short, single-line ' +
      'and holds no clinical content. Pending signals stop escalating. Each reporter is told that the case closed (status ' +
      'only). Already closed: 409. A reporter: 403; anyone else: 404.',
  })
  @ApiOkResponse({ type: CaseLifecycleDto })
  close(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: CloseCaseRequestDto,
  ) {
    return this.commands.execute(
      new CloseCaseCommand(caseId, principal, body.outcome, body.reason, body.openItemsOverride),
    );
  }

  @Post(':caseId/reopen')
  @HttpCode(200)
  @ApiOperation({
    summary: "Reopen a closed case (a coordinator of the case's bassin)",
    description:
      'Pending signals get a new acknowledgement window. Not closed, or a newer case about the person follows this one: 409.',
  })
  @ApiOkResponse({ type: CaseLifecycleDto })
  reopen(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: ReopenCaseRequestDto,
  ) {
    return this.commands.execute(new ReopenCaseCommand(caseId, principal, body.reason));
  }

  @Post(':caseId/transfer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Transfer a case to another bassin, with its whole history',
    description:
      "By a coordinator (or the lead) of the case's bassin. Same case id; the receiving bassin's coordinator on duty owns " +
      "it and must acknowledge the handover signal in time, or it escalates there. The former bassin's coordinators " +
      'lose access. Same bassin or closed case: 409; nobody on duty there: 422.',
  })
  @ApiOkResponse({ type: CaseLifecycleDto })
  transfer(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: TransferCaseRequestDto,
  ) {
    return this.commands.execute(new TransferCaseCommand(caseId, principal, body.toBassin, body.reason));
  }

  @Post(':caseId/bassin/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: "Confirm or change the case's bassin (one routed by a fallback awaits it), or make it inter-bassin",
    description:
      "`{}` confirms the case's bassin; another bassin moves the case there (a transfer); `inter-bassin` keeps it with " +
      'this bassin and lets the leads of every bassin see it (R16).',
  })
  @ApiOkResponse({ type: CaseLifecycleDto })
  confirmBassin(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: ConfirmCaseBassinRequestDto,
  ) {
    return this.commands.execute(new ConfirmCaseBassinCommand(caseId, principal, body.bassinId));
  }
}
