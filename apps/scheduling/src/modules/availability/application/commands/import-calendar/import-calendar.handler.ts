import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LIMITS } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CalendarReader } from '../../../../slots/application/calendar-reader.port.js';
import { AvailabilityRepository } from '../../availability.repository.js';
import { CalendarOwners } from '../../calendar-owners.js';
import { requireCalendarRights } from '../../calendar-rights.js';
import { type CalendarImportSummary, ImportCalendarCommand } from './import-calendar.command.js';

/**
 * An import stores busy periods from the moment of the import to this many days ahead: the slot
 * search looks at most SLOT_SEARCH_LIMITS.maxHorizonDays (30) days past an `earliest` that is
 * in practice within the year. Recurring events are expanded over this window only, so a weekly
 * meeting that started years ago blocks every week of it; the response says where it ends.
 */
export const CALENDAR_IMPORT_HORIZON_DAYS: number = LIMITS.calendarImport.horizonDays;

@CommandHandler(ImportCalendarCommand)
export class ImportCalendarHandler implements ICommandHandler<ImportCalendarCommand> {
  constructor(
    private readonly owners: CalendarOwners,
    private readonly uow: UnitOfWork,
    private readonly availability: AvailabilityRepository,
    private readonly calendars: CalendarReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Imports write one after another in this process (issue 14): on the embedded database a write
   * transaction holds the only connection, so concurrent imports of one flooding user would queue
   * ahead of everyone else's transactions. Parsing still runs in parallel, in the worker pool.
   */
  private writes: Promise<unknown> = Promise.resolve();

  async execute({ ownerId, principal, text }: ImportCalendarCommand): Promise<CalendarImportSummary> {
    // Rights first: nobody else makes the service read a file for this calendar.
    await requireCalendarRights(ownerId, principal, this.owners);
    const start = this.clock.now();
    const end = new Date(start.getTime() + CALENDAR_IMPORT_HORIZON_DAYS * 86_400_000);
    const result = await this.calendars.read(text, { window: { start, end } });
    const write = this.writes.then(() =>
      this.uow.run(() => this.availability.replaceBusy(ownerId, 'ical', result.busy, this.clock.now())),
    );
    this.writes = write.catch(() => undefined);
    await write;
    return {
      imported: result.busy.length,
      window: { start: start.toISOString(), end: end.toISOString() },
      warnings: result.warnings,
    };
  }
}
