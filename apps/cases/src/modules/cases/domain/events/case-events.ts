import { DomainEvent } from '#concerto/ddd';
import type { AttachedAlert, CaseSignal } from '../case.types.js';

export class CaseOpenedEvent extends DomainEvent {
  readonly name = 'case.opened' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly openedByAlertId: string,
    readonly ownerId: string,
    /** The opening alert, as the first signal the owner must acknowledge. */
    readonly signal: Readonly<CaseSignal>,
  ) {
    super(aggregateId, occurredAt);
  }
}

/** A further alert joined the open case: a new signal that its owner must acknowledge. */
export class AlertAttachedEvent extends DomainEvent {
  readonly name = 'alert.attached' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly alert: AttachedAlert,
    readonly urgencyRaised: boolean,
    /** The case's new hard deadline, when this alert set it or brought it forward. */
    readonly deadline: Date | undefined,
    readonly signal: Readonly<CaseSignal>,
  ) {
    super(aggregateId, occurredAt);
  }
}

export class CaseAcknowledgedEvent extends DomainEvent {
  readonly name = 'case.acknowledged' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly acknowledgedBy: string,
    readonly escalationLevel: number,
    /** The signals this acknowledgement covers. */
    readonly signalIds: readonly string[],
  ) {
    super(aggregateId, occurredAt);
  }
}

export class CaseEscalatedEvent extends DomainEvent {
  readonly name = 'case.escalated' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly level: 1 | 2,
    readonly escalatedTo: string,
    readonly previousOwnerId: string,
    readonly acknowledgeBy: Date | undefined,
    /** The signal whose window ran out. */
    readonly overdueSignalId: string,
    /** Every signal still unacknowledged, now owned by `escalatedTo`. */
    readonly pendingSignalIds: readonly string[],
  ) {
    super(aggregateId, occurredAt);
  }
}

/** Discriminated on `name`: whoever maps them to effects does so per event class, with no instanceof. */
export type CaseEvent = CaseOpenedEvent | AlertAttachedEvent | CaseAcknowledgedEvent | CaseEscalatedEvent;
