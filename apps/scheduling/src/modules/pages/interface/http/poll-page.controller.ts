import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { ANSWER_LINK_RATE_LIMIT, Public, RateLimit } from '#concerto/http';
import { AnswerDatePollCommand } from '../../../polls/application/commands/answer-date-poll/answer-date-poll.command.js';
import type { PollAnswer } from '../../../polls/domain/date-poll.js';
import { GetPollPageQuery } from '../../application/queries/get-poll-page/get-poll-page.query.js';
import { backToPage, crossSiteRefused, postComesFromUs, sendLinkProblem, sendPage, sendStyle } from './page-http.js';
import { pageLanguage } from './views/languages.js';
import { pollPage } from './views/poll.view.js';

const ANSWERS: readonly string[] = ['yes', 'if-need-be', 'no'];

/** The date poll's page: GET shows the dates with plain radio buttons, the form's POST records the answers. */
@ApiExcludeController()
@RateLimit(ANSWER_LINK_RATE_LIMIT)
@Controller('p')
export class PollPageController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  @Public()
  @Get('pages.css')
  style(@Res() res: Response) {
    sendStyle(res);
  }

  @Public()
  @Get(':token')
  async show(@Param('token') token: string, @Query('lang') lang: unknown, @Res() res: Response) {
    try {
      const page = await this.queries.execute(new GetPollPageQuery(token));
      sendPage(res, 200, pollPage(pageLanguage(lang, page.language), page));
    } catch (e) {
      sendLinkProblem(res, e, this.config.COORDINATION_PHONE, 'poll-closed');
    }
  }

  @Public()
  @Post(':token')
  async answer(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (!postComesFromUs(req, this.config.PUBLIC_BASE_URL)) {
      return crossSiteRefused(res);
    }
    try {
      const page = await this.queries.execute(new GetPollPageQuery(token));
      const answers = page.poll.options.map((_, k) => body?.[`option${k}`]);
      if (!answers.every((a): a is PollAnswer => typeof a === 'string' && ANSWERS.includes(a))) {
        return sendPage(res, 422, pollPage(pageLanguage(lang, page.language), page, { error: true }));
      }
      await this.commands.execute(new AnswerDatePollCommand(token, answers));
      res.redirect(303, backToPage(token, lang));
    } catch (e) {
      sendLinkProblem(res, e, this.config.COORDINATION_PHONE, 'poll-closed');
    }
  }
}
