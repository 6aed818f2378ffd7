import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { AppException } from '#concerto/ddd';
import { ANSWER_LINK_RATE_LIMIT, Public, RateLimit } from '#concerto/http';
import { WithdrawConsentFromPersonPageCommand } from '../../application/commands/withdraw-consent-from-person-page/withdraw-consent-from-person-page.command.js';
import { GetPersonPageQuery } from '../../application/queries/get-person-page/get-person-page.query.js';
import { crossSiteRefused, postComesFromUs, sendLinkProblem, sendPage, sendStyle } from './page-http.js';
import { pageLanguage } from './views/languages.js';
import { personPage, withdrawPage } from './views/person.view.js';

/**
 * The person's own page (/me/<token>), for the person or a family member, without an account.
 * Withdrawing the consent takes two steps: a link to a confirmation page (GET, changes nothing),
 * whose one button POSTs the withdrawal.
 */
@ApiExcludeController()
@RateLimit(ANSWER_LINK_RATE_LIMIT)
@Controller('me')
export class PersonPageController {
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
  async show(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Query('done') done: unknown,
    @Res() res: Response,
  ) {
    try {
      const page = await this.queries.execute(new GetPersonPageQuery(token));
      const notice = done === 'withdrawn' && page.consent.status === 'revoked' ? 'withdrawn' : undefined;
      sendPage(res, 200, personPage(pageLanguage(lang, page.language), page, token, notice));
    } catch (e) {
      sendLinkProblem(res, e, this.config.COORDINATION_PHONE, 'me-gone');
    }
  }

  @Public()
  @Get(':token/withdraw')
  async confirmWithdrawal(@Param('token') token: string, @Query('lang') lang: unknown, @Res() res: Response) {
    try {
      const page = await this.queries.execute(new GetPersonPageQuery(token));
      if (!page.mayWithdraw) {
        return res.redirect(303, `../${encodeURIComponent(token)}${langQuery(lang)}`);
      }
      sendPage(res, 200, withdrawPage(pageLanguage(lang, page.language), token));
    } catch (e) {
      sendLinkProblem(res, e, this.config.COORDINATION_PHONE, 'me-gone');
    }
  }

  @Public()
  @Post(':token/withdraw')
  async withdraw(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (!postComesFromUs(req, this.config.PUBLIC_BASE_URL)) {
      return crossSiteRefused(res);
    }
    try {
      await this.commands.execute(new WithdrawConsentFromPersonPageCommand(token));
      const query = langQuery(lang);
      res.redirect(303, `../${encodeURIComponent(token)}${query ? `${query}&` : '?'}done=withdrawn`);
    } catch (e) {
      if (e instanceof AppException && e.code === 'NOT_THE_PERSON') {
        return res.status(403).type('text/plain; charset=utf-8').send('Forbidden.');
      }
      sendLinkProblem(res, e, this.config.COORDINATION_PHONE, 'me-gone');
    }
  }
}

function langQuery(lang: unknown): string {
  return typeof lang === 'string' && /^(fr|nl|en)$/.test(lang) ? `?lang=${lang}` : '';
}
