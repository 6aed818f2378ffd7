import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { runWithCorrelation } from '#concerto/observability';
import {
  DeliverMessageCommand,
  type DeliveryOutcome,
} from '../../application/commands/deliver-message/deliver-message.command.js';
import { RequeueLostDeliveriesCommand } from '../../application/commands/requeue-lost-deliveries/requeue-lost-deliveries.command.js';
import { DeliveryQueue } from '../delivery-queue.js';

/** How often queued messages whose job may be lost are re-enqueued, in sweep intervals. */
const RECONCILE_EVERY_SWEEPS = 10;

/**
 * The BullMQ side of deliveries: a job is a trigger holding an idempotency key (and a correlation
 * id); the command re-reads the row and the card, skips what is obsolete and sends the rest.
 * A lost job is re-added by the periodic reconciliation.
 */
@Injectable()
export class DeliveryJobProcessor {
  private reconcileTimer?: NodeJS.Timeout;
  private reconciling?: Promise<number>;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async start(): Promise<void> {
    await this.queue.start((job) =>
      runWithCorrelation({ correlationId: job.correlationId }, async () => {
        await this.process(job.key);
      }),
    );
    await this.reconcile();
    this.reconcileTimer = setInterval(
      () => void this.reconcile().catch(() => undefined),
      this.config.TIMER_SWEEP_INTERVAL_MS * RECONCILE_EVERY_SWEEPS,
    );
  }

  /** Stops sending (running jobs finish); the queue stays open for rows committed meanwhile. */
  async stop(): Promise<void> {
    if (this.reconcileTimer) {
      clearInterval(this.reconcileTimer);
    }
    await this.reconciling?.catch(() => undefined);
    await this.queue.stopWorker();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.queue.close();
  }

  /** Processes one message; safe to call twice (concurrently or after a crash). */
  process(key: string): Promise<DeliveryOutcome> {
    return this.commands.execute(new DeliverMessageCommand(key));
  }

  /** Re-adds a job for every queued message that nobody holds (one pass at a time). */
  reconcile(): Promise<number> {
    this.reconciling ??= this.commands.execute(new RequeueLostDeliveriesCommand()).finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }
}
