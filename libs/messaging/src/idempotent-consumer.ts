import { queryRows } from '#concerto/persistence';
import { type EventEnvelope, type EventPayloads, type EventType, EventValidator } from '#concerto/contracts';
import { runWithCorrelation } from '#concerto/observability';
import { PermanentMessageError, type TransportMessage } from './message-transport.port.js';
import { UnitOfWork } from './unit-of-work.js';

export type EventEnvelopeOf<T extends EventType> = EventEnvelope<T, EventPayloads[T]>;

/**
 * One event type's effect, applied in the consumer's transaction (ambient: repositories and
 * projections join it). The object form reads from other services first, before the transaction
 * opens (they would hold locks inside it, and on PGlite wait for it), and returns the effect.
 */
export type EventHandler<T extends EventType> =
  | ((data: EventPayloads[T], envelope: EventEnvelopeOf<T>) => Promise<void>)
  | { prepare(data: EventPayloads[T], envelope: EventEnvelopeOf<T>): Promise<() => Promise<void>> };

/** One typed handler per event type a consumer group cares about; other types are recorded in the inbox and skipped. */
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

/**
 * The consumer side of "nothing lost, nothing twice": parse, check the contract, then in ONE
 * transaction record the event id in the inbox and apply its effect. A redelivered event finds
 * its id already recorded and is skipped.
 */
export class IdempotentConsumer {
  private static readonly validator = new EventValidator();

  constructor(
    private readonly schema: string,
    private readonly consumerName: string,
    private readonly uow: UnitOfWork,
  ) {}

  /** Parses, checks the contract and the inbox, then applies the handler of the event's type (if any) in one transaction. */
  consumeEvents(message: TransportMessage, handlers: EventHandlers): Promise<'applied' | 'duplicate'> {
    return this.process(message, (envelope) => effectOf(handlers, envelope));
  }

  /** `prepare` runs before the transaction opens and returns the effect to apply inside it (if any). */
  private async process(
    message: TransportMessage,
    prepare: (envelope: EventEnvelope) => Promise<(() => Promise<void>) | undefined>,
  ): Promise<'applied' | 'duplicate'> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.value);
    } catch {
      throw new PermanentMessageError('message is not valid JSON');
    }
    const result = IdempotentConsumer.validator.validate(parsed);
    if (!result.ok) {
      throw new PermanentMessageError(`message breaks its contract: ${result.errors.join('; ')}`);
    }
    const envelope = result.envelope;
    return runWithCorrelation({ correlationId: envelope.correlationid, causationId: envelope.id }, async () => {
      const effect = await prepare(envelope);
      return this.uow.run(async () => {
        if (!(await this.markProcessed(envelope.id))) {
          return 'duplicate' as const;
        }
        await effect?.();
        return 'applied' as const;
      });
    });
  }

  private async markProcessed(eventId: string): Promise<boolean> {
    const rows = await queryRows(
      this.uow.transaction.requireManager(),
      `INSERT INTO "${this.schema}"."inbox" ("consumer","event_id") VALUES ($1,$2) ON CONFLICT DO NOTHING RETURNING "event_id"`,
      [this.consumerName, eventId],
    );
    return rows.length === 1;
  }
}

/** The one place where an envelope's runtime type selects its handler; the map's type ties each handler to its payload. */
function effectOf(handlers: EventHandlers, envelope: EventEnvelope): Promise<(() => Promise<void>) | undefined> {
  return select(handlers, envelope.type as EventType, envelope as EventEnvelopeOf<EventType>);
}

async function select<T extends EventType>(
  handlers: EventHandlers,
  type: T,
  envelope: EventEnvelopeOf<T>,
): Promise<(() => Promise<void>) | undefined> {
  const handler = handlers[type];
  if (!handler) {
    return undefined;
  }
  if (typeof handler === 'function') {
    return () => handler(envelope.data, envelope);
  }
  return handler.prepare(envelope.data, envelope);
}
