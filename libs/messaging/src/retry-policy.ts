import { PermanentMessageError, type TransportMessage } from './message-transport.port.js';

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: number;
}

export type DeliveryOutcome = { status: 'handled'; attempts: number } | { status: 'dead-lettered'; attempts: number; error: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
      lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof PermanentMessageError) {
        return { status: 'dead-lettered', attempts: attempt, error: lastError };
      }
      if (attempt < policy.maxAttempts) {
        await sleep(policy.backoffMs * 2 ** (attempt - 1));
      }
    }
  }
  return { status: 'dead-lettered', attempts: policy.maxAttempts, error: lastError };
}

export function deadLetterOf(message: TransportMessage, group: string, error: string, attempts: number): TransportMessage {
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
