import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { WeeklyHours } from '../../../../slots/domain/weekly-hours.value-object.js';

/** A professional's weekly working hours (Europe/Brussels local time). */
export class SetWeeklyHoursCommand extends Command<WeeklyHours> {
  constructor(
    readonly ownerId: string,
    readonly principal: Principal,
    readonly hours: WeeklyHours,
  ) {
    super();
  }
}
