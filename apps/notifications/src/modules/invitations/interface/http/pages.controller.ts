import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppException } from '#concerto/ddd';
import { ANSWER_LINK_RATE_LIMIT, problem, ProblemException, Public, RateLimit } from '#concerto/http';
import { AcknowledgeFromPageCommand } from '../../application/commands/acknowledge-from-page/acknowledge-from-page.command.js';
import { DescribePageLinkQuery } from '../../application/queries/describe-page-link/describe-page-link.query.js';
import { PAGE_LINK_EXPIRED } from '../../application/services/page-link-checks.js';
import { AcknowledgedFromPageDto, PageLinkDescriptionDto } from './dto/notifications.responses.dto.js';

/**
 * A page's acknowledge link (issue 15): the signed, expiring, single-use token is the credential,
 * bound to one coordinator and one signal. GET describes it; only POST acknowledges (mail and
 * SMS scanners open links before people do).
 */
@ApiTags('paging')
@RateLimit(ANSWER_LINK_RATE_LIMIT)
@Controller('v1/pages/acknowledge')
export class PagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get(':token')
  @ApiOperation({ summary: 'What the acknowledge link of a page does (opening it changes nothing)' })
  @ApiOkResponse({ type: PageLinkDescriptionDto })
  describe(@Param('token') token: string) {
    return this.queries.execute(new DescribePageLinkQuery(token)).catch(expiredIsGone);
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge the signal of the page, for the coordinator it was sent to (once)' })
  @ApiOkResponse({ type: AcknowledgedFromPageDto })
  acknowledge(@Param('token') token: string) {
    return this.commands.execute(new AcknowledgeFromPageCommand(token)).catch(expiredIsGone);
  }
}

function expiredIsGone(error: unknown): never {
  if (error instanceof AppException && error.code === PAGE_LINK_EXPIRED) {
    throw new ProblemException(problem(410, 'page-link-expired', error.message));
  }
  throw error;
}
