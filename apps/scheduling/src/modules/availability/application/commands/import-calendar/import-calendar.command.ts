import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { CalendarWarning } from '../../../../slots/domain/calendar-import.js';

export interface CalendarImportSummary {
  imported: number;
  /** Busy time was computed for this window; import again before it ends. */
  window: { start: string; end: string };
  warnings: CalendarWarning[];
}

/** Replaces the owner's previous import with the busy time of an iCalendar export. */
export class ImportCalendarCommand extends Command<CalendarImportSummary> {
  constructor(
    readonly ownerId: string,
    readonly principal: Principal,
    readonly text: string,
  ) {
    super();
  }
}
