import { PermanentMessageError, type TransportMessage } from './message-transport.port.js';

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: number;
}

export type DeliveryOutcome =
  { status: 'handled'; attempts: number } | { status: 'dead-lettered'; attempts: number; error: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait before attempt `failedAttempt + 1`: backoff × 2^(failedAttempt − 1). */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number): number {
  return policy.backoffMs * 2 ** (failedAttempt - 1);
}

/** Whether a failure on attempt `attempt` ends the delivery (dead letter) rather than waiting for another try. */
export function isFinalFailure(policy: RetryPolicy, attempt: number, error: unknown): boolean {
  return error instanceof PermanentMessageError || attempt >= policy.maxAttempts;
}

export function failureText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs a handler with bounded, exponentially spaced retries. A permanent error or the last
 * failed attempt ends in the dead-letter path instead of blocking the partition forever.
 */
export async function deliverWithRetry(
  message: TransportMessage,
  handler: (m: TransportMessage) => Promise<void>,
  policy: RetryPolicy,
): Promise<DeliveryOutcome> {
  let lastError = 'unknown error';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    try {
      await handler(message);
      return { status: 'handled', attempts: attempt };
    } catch (error) {
      lastError = failureText(error);
      if (isFinalFailure(policy, attempt, error)) {
        return { status: 'dead-lettered', attempts: attempt, error: lastError };
      }
      await sleep(retryDelayMs(policy, attempt));
    }
  }
  return { status: 'dead-lettered', attempts: policy.maxAttempts, error: lastError };
}

/** Where a dead letter came from and why it was parked, read back from the headers `deadLetterOf` wrote. */
export interface DeadLetterOrigin {
  /** The event id (`ce-id`), if the message had one. */
  eventId?: string;
  originalTopic?: string;
  consumerGroup?: string;
  error?: string;
  attempts?: string;
}

export function deadLetterOriginOf(headers: Record<string, string | undefined>): DeadLetterOrigin {
  return {
    eventId: headers['ce-id'],
    originalTopic: headers['x-dlt-original-topic'],
    consumerGroup: headers['x-dlt-consumer-group'],
    error: headers['x-dlt-error'],
    attempts: headers['x-dlt-attempts'],
  };
}

export function deadLetterOf(
  message: TransportMessage,
  group: string,
  error: string,
  attempts: number,
): TransportMessage {
  return {
    topic: `${message.topic}.dlt`,
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      'x-dlt-original-topic': message.topic,
      'x-dlt-consumer-group': group,
      'x-dlt-error': error.slice(0, 500),
      'x-dlt-attempts': String(attempts),
    },
  };
}
