import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DevMailboxReaders } from '../../dev-mailbox-readers.js';
import type { DevMailboxItem } from '../../ports/dev-mailbox.port.js';
import { ListDevMailboxQuery } from './list-dev-mailbox.query.js';

@QueryHandler(ListDevMailboxQuery)
export class ListDevMailboxHandler implements IQueryHandler<ListDevMailboxQuery> {
  constructor(private readonly readers: DevMailboxReaders) {}

  async execute({ principal }: ListDevMailboxQuery): Promise<{ items: DevMailboxItem[] }> {
    const captured = await this.readers.list(principal);
    // The delivery key stays inside: it is not part of what a reader sees.
    return { items: captured.map(({ idempotencyKey: _key, ...item }) => item) };
  }
}
