import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppException } from '#concerto/ddd';
import { DevMailbox } from '../../ports/dev-mailbox.port.js';
import { ReadDevMailboxMessageQuery } from './read-dev-mailbox-message.query.js';

export function requireDevMailbox(mailbox: DevMailbox): void {
  if (!mailbox.enabled) {
    throw new AppException(
      'NOT_FOUND',
      'not-found',
      'The development mailbox exists only in the embedded mode without SMTP_URL.',
    );
  }
}

@QueryHandler(ReadDevMailboxMessageQuery)
export class ReadDevMailboxMessageHandler implements IQueryHandler<ReadDevMailboxMessageQuery> {
  constructor(private readonly mailbox: DevMailbox) {}

  async execute({ id }: ReadDevMailboxMessageQuery): Promise<{ contentType: string; body: Buffer | string }> {
    requireDevMailbox(this.mailbox);
    const message = await this.mailbox.read(id);
    if (!message) {
      throw new AppException('MESSAGE_NOT_FOUND', 'not-found', 'No such message in the development mailbox.');
    }
    return message;
  }
}
