import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  eventDefinition,
  type EventEnvelope,
  type EventPayloads,
  EventType,
  EventValidator,
} from '#concerto/contracts';

export interface OutboxEventInput<T extends EventType> {
  type: T;
  subject: string;
  data: EventPayloads[T];
  correlationId: string;
  causationId?: string;
  occurredAt: Date;
}

/**
 * Writes integration events into the service's outbox, in the caller's transaction. Each
 * envelope is checked against its published schema first, so contract drift fails the
 * command instead of reaching consumers.
 */
export class OutboxWriter {
  private static readonly validator = new EventValidator();

  constructor(
    private readonly schema: string,
    private readonly producer: string,
  ) {}

  async append<T extends EventType>(
    manager: EntityManager,
    input: OutboxEventInput<T>,
  ): Promise<EventEnvelope<T, EventPayloads[T]>> {
    const def = eventDefinition(input.type);
    if (!def || def.producer !== this.producer) {
      throw new Error(`${this.producer} does not produce ${input.type}`);
    }
    const envelope: EventEnvelope<T, EventPayloads[T]> = {
      specversion: '1.0',
      id: randomUUID(),
      source: `/concerto/${this.producer}`,
      type: input.type,
      subject: input.subject,
      time: input.occurredAt.toISOString(),
      datacontenttype: 'application/json',
      dataschema: def.schema.$id,
      eventversion: def.version,
      correlationid: input.correlationId,
      ...(input.causationId ? { causationid: input.causationId } : {}),
      data: input.data,
    };
    const result = OutboxWriter.validator.validate(envelope);
    if (!result.ok) {
      throw new Error(`event ${input.type} breaks its contract: ${result.errors.join('; ')}`);
    }
    await manager.query(
      `INSERT INTO "${this.schema}"."outbox" ("event_id","topic","message_key","envelope") VALUES ($1,$2,$3,$4)`,
      [envelope.id, def.topic, input.subject, JSON.stringify(envelope)],
    );
    return envelope;
  }
}
