import { Command } from '@nestjs/cqrs';

export type DeliveryOutcome = 'sent' | 'failed' | 'skipped' | 'cancelled' | 'busy' | 'done';

/** A transient failure: the job is retried with backoff. Carries a code only, never an address. */
export class RetryableDeliveryError extends Error {
  constructor(readonly code: string) {
    super(`delivery failed, will retry (${code})`);
    this.name = 'RetryableDeliveryError';
  }
}

/** Sends the message recorded under this idempotency key, if it is still worth sending; safe to run twice (concurrently or after a crash). */
export class DeliverMessageCommand extends Command<DeliveryOutcome> {
  constructor(readonly idempotencyKey: string) {
    super();
  }
}
