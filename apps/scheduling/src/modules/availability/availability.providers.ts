import type { Provider } from '@nestjs/common';
import { AvailabilityRepository } from './application/availability.repository.js';
import { BusyCalendarWriter } from './application/busy-calendar-writer.js';
import { CalendarOwners } from './application/calendar-owners.js';
import { AddRoomHandler } from './application/commands/add-room/add-room.handler.js';
import { ImportCalendarHandler } from './application/commands/import-calendar/import-calendar.handler.js';
import { ReplaceBusyBlocksHandler } from './application/commands/replace-busy-blocks/replace-busy-blocks.handler.js';
import { SetWeeklyHoursHandler } from './application/commands/set-weekly-hours/set-weekly-hours.handler.js';
import { ListRoomsHandler } from './application/queries/list-rooms/list-rooms.handler.js';
import { SqlAvailabilityRepository } from './infrastructure/persistence/sql-availability.repository.js';
import { SqlCalendarOwners } from './infrastructure/persistence/sql-calendar-owners.js';

/** Professionals' weekly hours and busy blocks (typed in, or imported as iCalendar free/busy), and the bassins' rooms. */
export const availabilityProviders: Provider[] = [
  { provide: AvailabilityRepository, useClass: SqlAvailabilityRepository },
  { provide: CalendarOwners, useClass: SqlCalendarOwners },
  BusyCalendarWriter,
  SetWeeklyHoursHandler,
  ReplaceBusyBlocksHandler,
  ImportCalendarHandler,
  AddRoomHandler,
  ListRoomsHandler,
];
