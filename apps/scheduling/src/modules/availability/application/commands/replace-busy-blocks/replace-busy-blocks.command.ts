import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { BusyInterval } from '../../../../slots/domain/slot-search.types.js';

/** Replaces the owner's blocks from one source (an import replaces the previous import); returns how many were kept. */
export class ReplaceBusyBlocksCommand extends Command<number> {
  constructor(
    readonly ownerId: string,
    readonly principal: Principal,
    readonly blocks: BusyInterval[],
    readonly source: 'api' | 'ical',
  ) {
    super();
  }
}
