import { Logger } from '@nestjs/common';
import { MessageTransport, type Subscription, type TransportMessage } from './message-transport.port.js';
import { deadLetterOf, type DeliveryOutcome, deliverWithRetry, type RetryPolicy } from './retry-policy.js';

export interface DeadLetterSink {
  store(message: TransportMessage): Promise<void>;
}

/**
 * Embedded-mode transport: publishing hands each message to every subscribed group in the
 * same process and resolves only when each group handled it or dead-lettered it. The outbox
 * row is marked published afterwards, so a crash in between re-delivers (consumers dedupe).
 */
export class InProcessTransport extends MessageTransport {
  private readonly logger = new Logger(InProcessTransport.name);
  private readonly subscriptions: Subscription[] = [];
  private running = false;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly deadLetters: DeadLetterSink,
  ) {
    super();
  }

  subscribe(subscription: Subscription): void {
    this.subscriptions.push(subscription);
  }

  start(): Promise<void> {
    this.running = true;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }

  async publish(messages: TransportMessage[]): Promise<void> {
    if (!this.running) {
      throw new Error('transport is stopped');
    }
    for (const message of messages) {
      for (const sub of this.subscriptions.filter((s) => s.topics.includes(message.topic))) {
        await this.deliver(message, sub);
      }
    }
  }

  /**
   * Delivers a message again to one consumer group only (dead-letter replay), with the same retries and
   * dead-letter path as a first delivery. Undefined when no such group consumes the topic.
   */
  async redeliver(message: TransportMessage, group: string): Promise<DeliveryOutcome | undefined> {
    if (!this.running) {
      throw new Error('transport is stopped');
    }
    const sub = this.subscriptions.find((s) => s.group === group && s.topics.includes(message.topic));
    return sub ? this.deliver(message, sub) : undefined;
  }

  private async deliver(message: TransportMessage, sub: Subscription): Promise<DeliveryOutcome> {
    const outcome = await deliverWithRetry(message, sub.handler, this.policy);
    if (outcome.status === 'dead-lettered') {
      this.logger.warn({ msg: 'message dead-lettered', topic: message.topic, group: sub.group, error: outcome.error });
      await this.deadLetters.store(deadLetterOf(message, sub.group, outcome.error, outcome.attempts));
    }
    return outcome;
  }
}
