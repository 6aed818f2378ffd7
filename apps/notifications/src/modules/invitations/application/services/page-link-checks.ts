import { Inject, Injectable } from '@nestjs/common';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { type Page, PageRepository } from '../../domain/page.js';
import { PageLinks } from './page-links.js';

/** An expired link: the signal's acknowledgement window is over (the controller answers 410). */
export const PAGE_LINK_EXPIRED = 'PAGE_LINK_EXPIRED';

/** The page an acknowledge link was issued for, if the link is genuine, still valid and matches it. */
@Injectable()
export class PageLinkChecks {
  constructor(
    private readonly links: PageLinks,
    private readonly pages: PageRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async pageOf(token: string): Promise<Page> {
    const claims = this.links.verify(token);
    const page = await this.pages.find(claims.pageId);
    // Bound to its coordinator and its signal: a link whose claims disagree with its page is no link.
    if (
      !page ||
      page.caseId !== claims.caseId ||
      page.signalId !== claims.signalId ||
      page.recipientId !== claims.recipientId
    ) {
      throw new AppException('PAGE_LINK_INVALID', 'not-found', 'This acknowledge link is not valid.');
    }
    if (this.clock.now() >= claims.expiresAt) {
      throw new AppException(PAGE_LINK_EXPIRED, 'conflict', 'This acknowledge link has expired.');
    }
    return page;
  }
}
