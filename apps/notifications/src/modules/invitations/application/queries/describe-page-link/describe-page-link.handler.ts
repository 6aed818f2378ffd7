import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { caseReference } from '../../../domain/page.js';
import { PageLinkChecks } from '../../services/page-link-checks.js';
import { PageLinks } from '../../services/page-links.js';
import { DescribePageLinkQuery, type PageLinkDescription } from './describe-page-link.query.js';

@QueryHandler(DescribePageLinkQuery)
export class DescribePageLinkHandler implements IQueryHandler<DescribePageLinkQuery> {
  constructor(
    private readonly checks: PageLinkChecks,
    private readonly links: PageLinks,
  ) {}

  async execute({ token }: DescribePageLinkQuery): Promise<PageLinkDescription> {
    const page = await this.checks.pageOf(token);
    return {
      action: 'acknowledge',
      caseReference: caseReference(page.caseId),
      caseUrl: this.links.caseUrl(page.caseId),
      bassinId: page.bassinId,
      type: page.type,
      urgency: page.urgency,
      dueAt: page.dueAt.toISOString(),
      used: page.ackUsedAt !== undefined,
    };
  }
}
