import { Command } from '@nestjs/cqrs';
import type { NewPage, PageChannel, PagedCase } from '../../../domain/page.js';

/**
 * Pages one recipient about one signal, on the channels they chose, and records the case as
 * paging now knows it. Runs in the consumer's transaction (with the event's inbox entry): the page
 * row, its delivery rows and the inbox commit together, and the jobs are enqueued after the commit.
 */
export class PageCaseOwnerCommand extends Command<{ pageId: string; created: boolean }> {
  constructor(
    readonly page: NewPage,
    readonly channels: readonly PageChannel[],
    readonly paged: PagedCase,
  ) {
    super();
  }
}
