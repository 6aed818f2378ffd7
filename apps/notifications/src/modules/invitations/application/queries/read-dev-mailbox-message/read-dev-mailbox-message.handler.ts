import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DevMailboxReaders } from '../../dev-mailbox-readers.js';
import { ReadDevMailboxMessageQuery } from './read-dev-mailbox-message.query.js';

@QueryHandler(ReadDevMailboxMessageQuery)
export class ReadDevMailboxMessageHandler implements IQueryHandler<ReadDevMailboxMessageQuery> {
  constructor(private readonly readers: DevMailboxReaders) {}

  execute({ id, principal }: ReadDevMailboxMessageQuery): Promise<{ contentType: string; body: Buffer | string }> {
    return this.readers.read(principal, id);
  }
}
