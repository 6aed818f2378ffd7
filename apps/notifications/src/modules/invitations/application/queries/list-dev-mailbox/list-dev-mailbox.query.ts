import { Query } from '@nestjs/cqrs';
import type { DevMailboxItem } from '../../ports/dev-mailbox.port.js';

/** Messages captured by the development mailbox, oldest first. */
export class ListDevMailboxQuery extends Query<{ items: DevMailboxItem[] }> {}
