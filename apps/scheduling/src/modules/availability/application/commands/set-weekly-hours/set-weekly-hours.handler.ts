import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { type WeeklyHours, WeeklySchedule } from '../../../../slots/domain/weekly-hours.value-object.js';
import { AvailabilityRepository } from '../../availability.repository.js';
import { CalendarOwners } from '../../calendar-owners.js';
import { requireCalendarRights } from '../../calendar-rights.js';
import { SetWeeklyHoursCommand } from './set-weekly-hours.command.js';

@CommandHandler(SetWeeklyHoursCommand)
export class SetWeeklyHoursHandler implements ICommandHandler<SetWeeklyHoursCommand> {
  constructor(
    private readonly owners: CalendarOwners,
    private readonly uow: UnitOfWork,
    private readonly availability: AvailabilityRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ ownerId, principal, hours }: SetWeeklyHoursCommand): Promise<WeeklyHours> {
    await requireCalendarRights(ownerId, principal, this.owners);
    WeeklySchedule.parse(hours, 'weeklyHours');
    await this.uow.run(() => this.availability.setWeeklyHours(ownerId, hours, this.clock.now()));
    return hours;
  }
}
