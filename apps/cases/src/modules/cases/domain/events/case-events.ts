import { DomainEvent } from '#concerto/ddd';
import type { AttachedAlert } from '../case.types.js';

export class CaseOpenedEvent extends DomainEvent {
  readonly name = 'case.opened' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly openedByAlertId: string,
    readonly ownerId: string,
  ) {
    super(aggregateId, occurredAt);
  }
}

export class AlertAttachedEvent extends DomainEvent {
  readonly name = 'alert.attached' as const;
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly alert: AttachedAlert,
    readonly urgencyRaised: boolean,
    /** The case's new hard deadline, when this alert set it or brought it forward. */
    readonly deadline?: Date,
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
  ) {
    super(aggregateId, occurredAt);
  }
}

/** Discriminated on `name`: whoever maps them to effects does so per event class, with no instanceof. */
export type CaseEvent = CaseOpenedEvent | AlertAttachedEvent | CaseAcknowledgedEvent | CaseEscalatedEvent;
