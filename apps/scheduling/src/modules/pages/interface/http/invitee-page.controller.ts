import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { AppException } from '#concerto/ddd';
import { ANSWER_LINK_RATE_LIMIT, Public, RateLimit } from '#concerto/http';
import {
  AnswerFromInviteePageCommand,
  type PageChoice,
} from '../../application/commands/answer-from-invitee-page/answer-from-invitee-page.command.js';
import { GetInviteePageQuery } from '../../application/queries/get-invitee-page/get-invitee-page.query.js';
import {
  backToPage,
  badForm,
  crossSiteRefused,
  postComesFromUs,
  sendLinkProblem,
  sendPage,
  sendStyle,
} from './page-http.js';
import { inviteePage } from './views/invitee.view.js';
import { pageLanguage } from './views/languages.js';

const CHOICES: readonly string[] = ['accept', 'decline', 'written-input'];

/**
 * The invitee's page behind the link in the invitation: GET shows the meeting and three buttons
 * and records nothing (mail scanners open links before people do); each button POSTs back to the
 * same URL, records the answer like POST /v1/rsvp/<token>, then redirects to the page (Post/
 * Redirect/Get), which now says what was recorded.
 */
@ApiExcludeController()
@RateLimit(ANSWER_LINK_RATE_LIMIT)
@Controller('a')
export class InviteePageController {
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
      const page = await this.queries.execute(new GetInviteePageQuery(token));
      sendPage(res, 200, inviteePage(pageLanguage(lang, page.language), page));
    } catch (e) {
      sendLinkProblem(res, e, this.config.COORDINATION_PHONE);
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
    const choice =
      typeof body?.choice === 'string' && CHOICES.includes(body.choice) ? (body.choice as PageChoice) : undefined;
    const writtenInput = typeof body?.writtenInput === 'string' ? body.writtenInput : undefined;
    if (!choice) {
      return badForm(res);
    }
    try {
      await this.commands.execute(new AnswerFromInviteePageCommand(token, choice, writtenInput));
      res.redirect(303, backToPage(token, lang));
    } catch (e) {
      if (e instanceof AppException && e.code === 'WRITTEN_INPUT_REQUIRED') {
        try {
          const page = await this.queries.execute(new GetInviteePageQuery(token));
          return sendPage(res, 422, inviteePage(pageLanguage(lang, page.language), page, 'written-required'));
        } catch (again) {
          return sendLinkProblem(res, again, this.config.COORDINATION_PHONE);
        }
      }
      sendLinkProblem(res, e, this.config.COORDINATION_PHONE);
    }
  }
}
