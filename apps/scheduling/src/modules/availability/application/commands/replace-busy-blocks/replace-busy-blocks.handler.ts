import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { BusyCalendarWriter } from '../../busy-calendar-writer.js';
import { CalendarOwners } from '../../calendar-owners.js';
import { requireCalendarRights } from '../../calendar-rights.js';
import { ReplaceBusyBlocksCommand } from './replace-busy-blocks.command.js';

@CommandHandler(ReplaceBusyBlocksCommand)
export class ReplaceBusyBlocksHandler implements ICommandHandler<ReplaceBusyBlocksCommand> {
  constructor(
    private readonly owners: CalendarOwners,
    private readonly writer: BusyCalendarWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ ownerId, principal, blocks, source }: ReplaceBusyBlocksCommand): Promise<number> {
    await requireCalendarRights(ownerId, principal, this.owners);
    for (const b of blocks) {
      if (!(b.end.getTime() > b.start.getTime())) {
        throw new AppException('INVALID_BUSY_BLOCK', 'invalid', 'Each busy block must end after it starts.');
      }
    }
    const now = this.clock.now();
    await this.writer.replace(ownerId, source, blocks, now);
    return blocks.length;
  }
}
