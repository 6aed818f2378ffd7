import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { DeliveryRepository } from '../../../domain/delivery.js';
import { DeliveryJobs } from '../../ports/delivery-jobs.port.js';
import { RequeueLostDeliveriesCommand } from './requeue-lost-deliveries.command.js';

@CommandHandler(RequeueLostDeliveriesCommand)
export class RequeueLostDeliveriesHandler implements ICommandHandler<RequeueLostDeliveriesCommand> {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly jobs: DeliveryJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ limit }: RequeueLostDeliveriesCommand): Promise<number> {
    const keys = await this.deliveries.unclaimedQueued(this.clock.now(), limit);
    for (const key of keys) {
      await this.jobs.enqueue({ key, correlationId: currentCorrelationId() });
    }
    return keys.length;
  }
}
