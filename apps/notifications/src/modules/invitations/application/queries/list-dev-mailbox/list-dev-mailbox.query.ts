import { Query } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { DevMailboxItem } from '../../ports/dev-mailbox.port.js';

/** The messages of the development mailbox this principal may read, oldest first. */
export class ListDevMailboxQuery extends Query<{ items: DevMailboxItem[] }> {
  constructor(readonly principal: Principal) {
    super();
  }
}
