import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DevMailbox, type DevMailboxItem } from '../../ports/dev-mailbox.port.js';
import { requireDevMailbox } from '../read-dev-mailbox-message/read-dev-mailbox-message.handler.js';
import { ListDevMailboxQuery } from './list-dev-mailbox.query.js';

@QueryHandler(ListDevMailboxQuery)
export class ListDevMailboxHandler implements IQueryHandler<ListDevMailboxQuery> {
  constructor(private readonly mailbox: DevMailbox) {}

  async execute(): Promise<{ items: DevMailboxItem[] }> {
    requireDevMailbox(this.mailbox);
    return { items: await this.mailbox.list() };
  }
}
