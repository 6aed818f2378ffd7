import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { PagedCaseRepository, PageRepository } from '../../../domain/page.js';
import { DeliveryLedger } from '../../services/delivery-ledger.js';
import { PageCaseOwnerCommand } from './page-case-owner.command.js';

@CommandHandler(PageCaseOwnerCommand)
export class PageCaseOwnerHandler implements ICommandHandler<PageCaseOwnerCommand> {
  private readonly logger = new Logger(PageCaseOwnerHandler.name);

  constructor(
    private readonly pages: PageRepository,
    private readonly cases: PagedCaseRepository,
    private readonly ledger: DeliveryLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ page, channels, paged }: PageCaseOwnerCommand): Promise<{ pageId: string; created: boolean }> {
    await this.cases.save(paged);
    const recorded = await this.pages.record(page, this.clock.now());
    if (!recorded.created) {
      return { pageId: recorded.page.id, created: false };
    }
    if (channels.length === 0) {
      this.logger.warn({ msg: 'page recorded with no reachable channel', pageId: recorded.page.id });
    }
    for (const channel of channels) {
      await this.ledger.queue({
        invitationId: recorded.page.id,
        concertationId: page.caseId,
        caseId: page.caseId,
        sequence: 0,
        kind: 'page',
        channel,
      });
    }
    return { pageId: recorded.page.id, created: true };
  }
}
