import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LIMITS } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { CalendarReader } from '../../../../slots/application/calendar-reader.port.js';
import { BusyCalendarWriter } from '../../busy-calendar-writer.js';
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
    private readonly writer: BusyCalendarWriter,
    private readonly calendars: CalendarReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ ownerId, principal, text }: ImportCalendarCommand): Promise<CalendarImportSummary> {
    // Rights first: nobody else makes the service read a file for this calendar.
    await requireCalendarRights(ownerId, principal, this.owners);
    const start = this.clock.now();
    const end = new Date(start.getTime() + CALENDAR_IMPORT_HORIZON_DAYS * 86_400_000);
    const result = await this.calendars.read(text, { window: { start, end } });
    // Parsing runs in parallel, in the worker pool; the writer writes one calendar at a time, in
    // short transactions (issue 14: an import must not hold the embedded database for long).
    await this.writer.replace(ownerId, 'ical', result.busy, this.clock.now());
    return {
      imported: result.busy.length,
      window: { start: start.toISOString(), end: end.toISOString() },
      warnings: result.warnings,
    };
  }
}
