import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { AmendConcertationRecordCommand } from '../../application/commands/amend-concertation-record/amend-concertation-record.command.js';
import { BlockActionItemCommand } from '../../application/commands/block-action-item/block-action-item.command.js';
import { ConfirmReferralReceivedCommand } from '../../application/commands/confirm-referral-received/confirm-referral-received.command.js';
import { HandOverActionItemCommand } from '../../application/commands/hand-over-action-item/hand-over-action-item.command.js';
import { MarkActionItemDoneCommand } from '../../application/commands/mark-action-item-done/mark-action-item-done.command.js';
import { OpenActionItemCommand } from '../../application/commands/open-action-item/open-action-item.command.js';
import { RecordConcertationCommand } from '../../application/commands/record-concertation/record-concertation.command.js';
import { GetConcertationRecordQuery } from '../../application/queries/get-concertation-record/get-concertation-record.query.js';
import { ListHandOverCandidatesQuery } from '../../application/queries/list-hand-over-candidates/list-hand-over-candidates.query.js';
import { HandOverCandidatesDto } from './dto/hand-over-candidates.dto.js';

import { GetNextReviewQuery } from '../../application/queries/get-next-review/get-next-review.query.js';
import { GetExitSummaryQuery } from '../../application/queries/get-exit-summary/get-exit-summary.query.js';
import { ListActionItemsQuery } from '../../application/queries/list-action-items/list-action-items.query.js';
import { ListMyActionItemsQuery } from '../../application/queries/list-my-action-items/list-my-action-items.query.js';
import {
  BlockActionItemDto,
  HandOverActionItemDto,
  OpenActionItemDto,
  RecordConcertationDto,
} from './dto/follow-up.dto.js';
import {
  ActionItemListDto,
  ActionItemViewDto,
  ConcertationRecordViewDto,
  ExitSummaryDto,
  CaseNextReviewDto,
} from './dto/follow-up.responses.dto.js';

const id404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller('v1')
export class FollowUpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('concertations/:concertationId/record')
  @ApiOperation({
    summary: 'Record a concertation held or not held (R09)',
    description:
      'Held: attendance, the person’s wishes, decisions, action items (one owner and a due date each), the referent ' +
      '(with a phone, R10) and the next review date are required; missing ones: 422 naming them. Already recorded: 409.',
  })
  @ApiCreatedResponse({ type: ConcertationRecordViewDto })
  record(
    @CurrentPrincipal() p: Principal,
    @Param('concertationId', id404) id: string,
    @Body() body: RecordConcertationDto,
  ) {
    return this.commands.execute(new RecordConcertationCommand(id, p, body));
  }

  @Put('concertations/:concertationId/record')
  @ApiOperation({
    summary: 'Amend a record: a new version, the previous one kept; once locked (RECORD_LOCK_DAYS), with a reason',
  })
  @ApiOkResponse({ type: ConcertationRecordViewDto })
  amend(
    @CurrentPrincipal() p: Principal,
    @Param('concertationId', id404) id: string,
    @Body() body: RecordConcertationDto,
  ) {
    return this.commands.execute(new AmendConcertationRecordCommand(id, p, body));
  }

  @Get('concertations/:concertationId/record')
  @ApiOperation({ summary: 'The record, its action items, written inputs received and previous versions' })
  @ApiOkResponse({ type: ConcertationRecordViewDto })
  getRecord(@CurrentPrincipal() p: Principal, @Param('concertationId', id404) id: string) {
    return this.queries.execute(new GetConcertationRecordQuery(id, p));
  }

  @Get('cases/:caseId/action-items')
  @ApiOperation({ summary: "The case's action items, open ones first" })
  @ApiOkResponse({ type: ActionItemListDto })
  list(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new ListActionItemsQuery(caseId, p));
  }

  @Get('action-items/mine')
  @ApiOperation({
    summary: 'My actions: the open action items the signed-in professional (or their organisation) owns',
  })
  @ApiOkResponse({ type: ActionItemListDto })
  mine(@CurrentPrincipal() p: Principal) {
    return this.queries.execute(new ListMyActionItemsQuery(p));
  }

  @Post('cases/:caseId/action-items')
  @ApiOperation({
    summary:
      "Open an action item outside a meeting, e.g. a hard administrative deadline from the case's deadline (R30)",
  })
  @ApiCreatedResponse({ type: ActionItemViewDto })
  open(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string, @Body() body: OpenActionItemDto) {
    return this.commands.execute(new OpenActionItemCommand(caseId, p, body));
  }

  @Get('cases/:caseId/exit-summary')
  @ApiOperation({
    summary: 'Exit summary (R19): steps opened, closed and pending, professionals, network; records by reference',
  })
  @ApiOkResponse({ type: ExitSummaryDto })
  exitSummary(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new GetExitSummaryQuery(caseId, p));
  }

  @Get('cases/:caseId/next-review')
  @ApiOperation({
    summary:
      "The case's next review: its day and kind, and once prepared ahead of it, the slots proposed for the team or the referent's check-in task",
  })
  @ApiOkResponse({ type: CaseNextReviewDto })
  nextReview(@CurrentPrincipal() p: Principal, @Param('caseId', id404) caseId: string) {
    return this.queries.execute(new GetNextReviewQuery(caseId, p));
  }

  @Post('action-items/:itemId/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owner marks the item done (a referral then waits for the referent’s confirmation)' })
  @ApiOkResponse({ type: ActionItemViewDto })
  done(@CurrentPrincipal() p: Principal, @Param('itemId', id404) itemId: string) {
    return this.commands.execute(new MarkActionItemDoneCommand(itemId, p));
  }

  @Post('action-items/:itemId/blocked')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owner marks the item blocked, with a reason from the controlled list (R23)' })
  @ApiOkResponse({ type: ActionItemViewDto })
  block(@CurrentPrincipal() p: Principal, @Param('itemId', id404) itemId: string, @Body() body: BlockActionItemDto) {
    return this.commands.execute(new BlockActionItemCommand(itemId, p, body.reason));
  }

  @Get('action-items/:itemId/hand-over-candidates')
  @ApiOperation({
    summary:
      'Whom the owner may hand the item over to: care-team names and roles and organisation ids, within the consent',
  })
  @ApiOkResponse({ type: HandOverCandidatesDto })
  handOverCandidates(@CurrentPrincipal() p: Principal, @Param('itemId', id404) itemId: string) {
    return this.queries.execute(new ListHandOverCandidatesQuery(itemId, p));
  }

  @Post('action-items/:itemId/hand-over')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owner hands the item over to another participant or organisation' })
  @ApiOkResponse({ type: ActionItemViewDto })
  handOver(
    @CurrentPrincipal() p: Principal,
    @Param('itemId', id404) itemId: string,
    @Body() body: HandOverActionItemDto,
  ) {
    return this.commands.execute(new HandOverActionItemCommand(itemId, p, body.owner));
  }

  @Post('action-items/:itemId/confirm-received')
  @HttpCode(200)
  @ApiOperation({ summary: 'The referent confirms the person was received by the service: the referral is over (R10)' })
  @ApiOkResponse({ type: ActionItemViewDto })
  confirmReceived(@CurrentPrincipal() p: Principal, @Param('itemId', id404) itemId: string) {
    return this.commands.execute(new ConfirmReferralReceivedCommand(itemId, p));
  }
}
