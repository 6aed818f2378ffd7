import { Command } from '@nestjs/cqrs';

/** Re-adds a job for every queued message that nobody holds (same job id: pending jobs are left alone); returns how many. */
export class RequeueLostDeliveriesCommand extends Command<number> {
  constructor(readonly limit = 500) {
    super();
  }
}
