/** A message as it travels between services: the value is a CloudEvents JSON envelope. */
export interface TransportMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export type MessageHandler = (message: TransportMessage) => Promise<void>;

export interface Subscription {
  /** Consumer group: `<consumer-service>.<purpose>`. */
  group: string;
  topics: string[];
  handler: MessageHandler;
}

/**
 * The messaging port. The embedded mode delivers in-process, the distributed mode over Kafka;
 * both give at-least-once delivery, bounded retries and a dead-letter path.
 */
export abstract class MessageTransport {
  /** Resolves once every message is durably accepted (in-process: handled or dead-lettered). */
  abstract publish(messages: TransportMessage[]): Promise<void>;
  abstract subscribe(subscription: Subscription): void;
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}

/** Thrown by a handler when retrying cannot help (malformed or schema-invalid message). */
export class PermanentMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentMessageError';
  }
}
